// Reading a server's reply whole before checking its size let a 1.2 GB error body crash the
// extension (issue #17, attack 10), and a sync body without Content-Length be read whole before
// its 256 MB check. Bodies are read through a byte cap instead: the stream is cancelled as soon
// as the cap is passed, whatever the headers claim.

/** A body that was larger than the cap (refused, not read further). */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`reply body over ${maxBytes} bytes`);
  }
}

export interface CappedText {
  text: string;
  /** The body went on past the cap and only its first `maxBytes` were read (mode `truncate`). */
  truncated: boolean;
}

/**
 * The body of `response` as text, reading at most `maxBytes` bytes. Mode `refuse` (default)
 * throws BodyTooLargeError as soon as the body (or its declared Content-Length) passes the cap;
 * mode `truncate` keeps the first `maxBytes` and cancels the rest (enough for an error message).
 */
export async function readCappedText(
  response: Response,
  maxBytes: number,
  mode: 'refuse' | 'truncate' = 'refuse',
): Promise<CappedText> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (mode === 'refuse' && Number.isFinite(declared) && declared > maxBytes) {
    void response.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(maxBytes);
  }
  if (!response.body) return { text: '', truncated: false };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let read = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (read + value.byteLength > maxBytes) {
        void reader.cancel().catch(() => undefined);
        if (mode === 'refuse') throw new BodyTooLargeError(maxBytes);
        parts.push(decoder.decode(value.subarray(0, maxBytes - read)));
        return { text: parts.join(''), truncated: true };
      }
      read += value.byteLength;
      parts.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    reader.releaseLock();
  }
  parts.push(decoder.decode());
  return { text: parts.join(''), truncated: false };
}
