/** A piece of text, and whether it is part of a match. */
export interface Segment {
  text: string;
  hit: boolean;
}

/**
 * Splits `text` into plain and highlighted segments for the given [start, end) spans
 * (overlapping or out-of-range spans are merged and clamped).
 */
export function highlightSegments(text: string, spans: readonly { start: number; end: number }[]): Segment[] {
  const ranges = spans
    .map(
      (s) =>
        [Math.max(0, Math.min(s.start, text.length)), Math.max(0, Math.min(s.end, text.length))] as const,
    )
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of ranges) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  const out: Segment[] = [];
  let at = 0;
  for (const [a, b] of merged) {
    if (a > at) out.push({ text: text.slice(at, a), hit: false });
    out.push({ text: text.slice(a, b), hit: true });
    at = b;
  }
  if (at < text.length) out.push({ text: text.slice(at), hit: false });
  return out;
}
