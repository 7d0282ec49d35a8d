import { type ContextKind, type StanceDirection, stanceOf } from './categories';
import type { Finding } from './matcher';

// Which candidate, which way. The matcher's partisan findings (candidate_support and
// candidate_attack) are keyword-and-phrase matches; this step makes them the judgement a reviewer
// makes of the whole text:
// - a finding in the scope of a context cue (news, a quote, a question, an announcement, a
//   report of a violation, a fact check, a survey) is someone else's stance, not the author's,
//   and is dropped — except slogan hashtags, which carry their stance wherever they stand;
// - a support reading inside an attack ("pilih Prabowo" in "jangan pilih Prabowo") is overruled;
// - a finding that names no candidate takes the one its sentence (or else the post) names, when
//   that is a single one;
// - the findings left are grouped per candidate and direction into stances.
// Cues come from packs (`contexts`) and from the shape of the text, which no word list sees: a
// question mark, a headline's capitalised words, a "Source: …" or dateline opening, a bracketed
// fact-check verdict.

/** A reporting, quoting or question cue, with offsets into the original text. */
export interface ContextCue {
  ruleId: string;
  /** The pack it comes from; empty for the cues read from the text's shape. */
  packId: string;
  kind: ContextKind;
  explanation: string;
  start: number;
  end: number;
  match: string;
}

/** One candidate's stance in a text: which way, how strongly, and the words behind it. */
export interface CandidateStance {
  /** Undefined when only "a candidate" is known (a generic reference, no campaign pack naming it). */
  candidate?: { id: string; name: string };
  stance: StanceDirection;
  /** Sum of the strongest severity weight of each distinct rule behind this stance. */
  score: number;
  /** The words that carried the stance (the findings' matches). */
  evidence: Span[];
  /** The words that named the candidate. */
  references: Span[];
}

export interface Span {
  start: number;
  end: number;
  match: string;
}

/** A partisan finding that was dropped, and why. */
export interface Neutralised {
  finding: Finding;
  /** The cue whose scope it was in, or "attack" when an attack reading of the same words overruled it. */
  reason: { cue: ContextCue } | { overruledBy: Finding } | { crossesSentence: true };
}

interface Input {
  text: string;
  findings: Finding[];
  /** Per finding: start token, end token, 1 if context cues do not cancel it. */
  spans: number[];
  cues: ContextCue[];
  /** Per cue: start token, end token, scope (-1 post, 0 sentence, N tokens), cancels (0 both, 1 support, 2 attack). */
  cueSpans: number[];
  /** Whether the text names a candidate at all (cheap; `references` builds the list). */
  named: boolean;
  references: () => readonly (Span & {
    candidate: { id: string; name: string };
    tokenStart: number;
    tokenEnd: number;
  })[];
}

/** The pack id of findings this step makes (insults aimed at a candidate). */
export const STANCE_PACK_ID = 'netra.stance';
const INSULT_RULE = 'hinaan-ke-paslon';
/** How far (in tokens) an insult may stand from the candidate it is aimed at. */
const INSULT_REACH = 6;

const SEVERITY: Readonly<Record<Finding['severity'], number>> = { low: 1, medium: 2, high: 3 };
/** As FLAG_THRESHOLD in the matcher (not imported: the matcher imports this module). */
const FLAG_SCORE = 3;
const POST = -1;
const SENTENCE = 0;

/** Applies context, negation and attribution to a text's findings; see the comment at the top. */
export function resolveStances(input: Input): {
  findings: Finding[];
  stances: CandidateStance[];
  neutralised: Neutralised[];
  /** The cues read from the text's shape (pack cues are the caller's). */
  shapeCues: ContextCue[];
} {
  const { text } = input;
  if (!needsStance(input.findings, input.named))
    return { findings: input.findings, stances: [], neutralised: [], shapeCues: [] };
  const findings = [...input.findings];
  const spans = input.spans.slice(0, 3 * findings.length);

  const sentences = sentenceBounds(text);
  const references = input.references();
  insultsAsAttacks(text, findings, spans, references);
  const cues = input.cues;
  const cueSpans = input.cueSpans;
  // Cues from the text's shape, appended to the pack cues (their scope in characters: see shapeCues).
  const insults = findings.filter(isInsult);
  const shape = shapeCues(text, sentences, (from, to) => insults.some((f) => f.start < to && from < f.end));
  const neutralised: Neutralised[] = [];
  const dropped = new Uint8Array(findings.length);

  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    const direction = stanceOf(f.category);
    if (!direction) continue;
    // An attack whose candidate is named in another sentence is aimed elsewhere ("… goblok!!
    // Pak Jokowi …"); support that runs on across sentences is still the author's.
    if (direction === 'attack' && f.reference && crossesSentence(text, f)) {
      dropped[i] = 1;
      neutralised.push({ finding: f, reason: { crossesSentence: true } });
      continue;
    }
    // A slogan hashtag used (at the end, among the post's tags) carries its stance anywhere.
    if (spans[3 * i + 2] === 1 && inTrailingTags(text, f.end)) continue;
    const fs = spans[3 * i]!;
    const fe = spans[3 * i + 1]!;
    const skip = direction === 'support' ? 2 : 1;
    // A finding belongs to the sentence where it ends: its span may reach back to a name before.
    const sentence = sentenceOf(sentences, Math.max(f.start, f.end - 1));
    let by: ContextCue | undefined;
    for (let c = 0; c < cues.length && !by; c++) {
      if (cueSpans[4 * c + 3] === skip) continue;
      const scope = cueSpans[4 * c + 2]!;
      if (scope === POST) by = cues[c];
      else if (scope === SENTENCE) {
        if (sentenceOf(sentences, cues[c]!.start) === sentence) by = cues[c];
      } else {
        const cs = cueSpans[4 * c]!;
        const ce = cueSpans[4 * c + 1]!;
        if (Math.max(0, cs - fe, fs - ce) <= scope) by = cues[c];
      }
    }
    for (const s of shape) {
      if (by) break;
      // An insult stays an insult in a question ("jokowi antek zionis?").
      if (s.cue.kind === 'question' && f.ruleId === INSULT_RULE) continue;
      const at = Math.max(f.start, f.end - 1);
      if (s.from <= at && at < s.to) by = s.cue;
    }
    if (by) {
      dropped[i] = 1;
      neutralised.push({ finding: f, reason: { cue: by } });
    }
  }

  // An attack reading overrules a support reading of the same words ("jangan pilih 02").
  for (let i = 0; i < findings.length; i++) {
    const s = findings[i]!;
    if (dropped[i] || s.category !== 'candidate_support') continue;
    for (let j = 0; j < findings.length; j++) {
      const a = findings[j]!;
      if (dropped[j] || a.category !== 'candidate_attack') continue;
      if (!(a.start < s.end && s.start < a.end)) continue;
      if (a.candidate && s.candidate && a.candidate.id !== s.candidate.id) continue;
      dropped[i] = 1;
      neutralised.push({ finding: s, reason: { overruledBy: a } });
      break;
    }
  }

  const kept: Finding[] = [];
  for (let i = 0; i < findings.length; i++) if (!dropped[i]) kept.push(findings[i]!);

  // Attribution: a partisan finding naming no candidate takes its sentence's single candidate,
  // or else the post's.
  for (const f of kept) {
    if (f.candidate || !stanceOf(f.category)) continue;
    const sentence = sentenceOf(sentences, f.start);
    const ref =
      single(references.filter((r) => sentenceOf(sentences, r.start) === sentence)) ?? single(references);
    if (ref) {
      f.candidate = ref.candidate;
      f.reference = { start: ref.start, end: ref.end, match: ref.match };
    }
  }

  return { findings: kept, stances: groupStances(kept), neutralised, shapeCues: shape.map((c) => c.cue) };
}

/** Text ending in a negator: what follows is denied ("bukan boneka"). */
const NEGATED = /(?:^|[^\p{L}])(?:bukan|bkn|tidak|tdk|tak|gak|ga|nggak|enggak|gk|jangan|jgn|belum|blm)\s+$/iu;
/** A sentence boundary inside a match. */
const BOUNDARY = /[.!?…]+(?:\s|$)|[.!?]{2,}|\n/u;

/** Whether a finding's candidate reference and the rest of its words lie in different sentences. */
function crossesSentence(text: string, f: Finding): boolean {
  const ref = f.reference!;
  if (ref.start >= f.end || ref.end <= f.start) return false;
  return BOUNDARY.test(text.slice(f.start, ref.start)) || BOUNDARY.test(text.slice(ref.end, f.end));
}

/** Whether only hashtags, mentions, links, emoji and punctuation follow `offset` on its line. */
function inTrailingTags(text: string, offset: number): boolean {
  const newline = text.indexOf('\n', offset);
  const rest = text.slice(offset, newline < 0 ? text.length : newline);
  return (
    rest
      .replace(/https?:\/\/\S+/gu, '')
      .replace(/[#@][\p{L}\p{N}_]+/gu, '')
      .replace(/[\p{P}\p{S}\s\p{Extended_Pictographic}]+/gu, '')
      .replace(/\u200d|\ufe0f/gu, '') === ''
  );
}

/**
 * Whether a text's findings need the stance step: a partisan category could be flagged, or an
 * insult could be aimed at a named candidate. Dropping findings never raises a score, so below
 * the threshold the findings stand as they are.
 */
export function needsStance(findings: readonly Finding[], named: boolean): boolean {
  return (named && hasInsult(findings)) || partisanCouldFlag(findings);
}

function hasInsult(findings: readonly Finding[]): boolean {
  for (const f of findings) if (isInsult(f)) return true;
  return false;
}

/** Whether a partisan category's findings add up to a flag (each distinct rule once, at its strongest). */
function partisanCouldFlag(findings: readonly Finding[]): boolean {
  let weights: Map<string, number> | undefined;
  for (const f of findings) {
    const direction = stanceOf(f.category);
    if (!direction) continue;
    weights ??= new Map();
    const key = `${direction}\u0000${f.packId}/${f.ruleId}`;
    weights.set(key, Math.max(weights.get(key) ?? 0, SEVERITY[f.severity]));
  }
  if (!weights) return false;
  let support = 0;
  let attack = 0;
  for (const [key, weight] of weights) {
    if (key.startsWith('support')) support += weight;
    else attack += weight;
  }
  return support >= FLAG_SCORE || attack >= FLAG_SCORE;
}

/** A hate-speech or abusive finding strong enough to count as an insult. */
function isInsult(f: Finding): boolean {
  return (f.category === 'hate_speech' || f.category === 'abusive') && f.severity !== 'low';
}

/**
 * An insult or hate speech aimed at a candidate is an attack on them: for each such finding
 * with a candidate named within INSULT_REACH tokens (or inside it), an attack finding on that
 * candidate is added (appended to `findings` and `spans`). The insult itself stays what it is.
 */
function insultsAsAttacks(
  text: string,
  findings: Finding[],
  spans: number[],
  references: ReturnType<Input['references']>,
): void {
  const count = findings.length;
  for (let i = 0; i < count; i++) {
    const f = findings[i]!;
    if (!isInsult(f)) continue;
    const fs = spans[3 * i]!;
    const fe = spans[3 * i + 1]!;
    let best: ReturnType<Input['references']>[number] | undefined;
    let bestDistance = INSULT_REACH + 1;
    for (const r of references) {
      const distance = Math.max(0, r.tokenStart - fe, fs - r.tokenEnd);
      if (distance < bestDistance) {
        best = r;
        bestDistance = distance;
      }
    }
    if (!best) continue;
    // "bukan boneka": a negated insult; a comma or stop between: aimed elsewhere.
    if (NEGATED.test(text.slice(Math.max(0, f.start - 12), f.start))) continue;
    const between =
      best.end <= f.start
        ? text.slice(best.end, f.start)
        : best.start >= f.end
          ? text.slice(f.end, best.start)
          : '';
    if (/[,;:.!?…()"“”]/u.test(between)) continue;
    const start = Math.min(f.start, best.start);
    const end = Math.max(f.end, best.end);
    findings.push({
      ruleId: INSULT_RULE,
      packId: STANCE_PACK_ID,
      category: 'candidate_attack',
      severity: f.severity,
      explanation: `Hinaan atau ujaran kebencian yang diarahkan kepada paslon (${f.explanation.slice(0, 200)}): menyerang peserta pemilu.`,
      candidate: best.candidate,
      reference: { start: best.start, end: best.end, match: best.match },
      start,
      end,
      match: text.slice(start, end),
    });
    spans.push(Math.min(fs, best.tokenStart), Math.max(fe, best.tokenEnd), 0);
  }
}

/**
 * The stances a set of findings carries (a flag's findings, a report's): per candidate and
 * direction, given where the direction's category adds up to a flag, as the matcher gives them.
 */
export function stancesFromFindings(findings: readonly Finding[]): CandidateStance[] {
  const flagged = new Set<StanceDirection>();
  for (const direction of ['support', 'attack'] as const) {
    const weights = new Map<string, number>();
    for (const f of findings) {
      if (stanceOf(f.category) !== direction) continue;
      const rule = `${f.packId}/${f.ruleId}`;
      weights.set(rule, Math.max(weights.get(rule) ?? 0, SEVERITY[f.severity]));
    }
    let score = 0;
    for (const w of weights.values()) score += w;
    if (score >= FLAG_SCORE) flagged.add(direction);
  }
  return groupStances(findings).filter((st) => flagged.has(st.stance));
}

/** The one candidate a list of references names (its first reference), if it names exactly one. */
function single<T extends { candidate: { id: string } }>(refs: readonly T[]): T | undefined {
  if (refs.length === 0) return undefined;
  const id = refs[0]!.candidate.id;
  for (const r of refs) if (r.candidate.id !== id) return undefined;
  return refs[0];
}

/**
 * Stances per candidate and direction, strongest first. Each distinct rule counts once with its
 * strongest finding, as in the verdicts. Where a candidate has both directions the stronger one
 * stands (an attack on a tie: it is the more specific reading); findings naming no candidate make
 * an "a candidate" stance only when no named candidate has that direction.
 */
function groupStances(findings: readonly Finding[]): CandidateStance[] {
  const groups = new Map<string, { stance: CandidateStance; rules: Map<string, number> }>();
  for (const f of findings) {
    const direction = stanceOf(f.category);
    if (!direction) continue;
    const key = `${f.candidate?.id ?? ''}\u0000${direction}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        stance: {
          ...(f.candidate ? { candidate: f.candidate } : {}),
          stance: direction,
          score: 0,
          evidence: [],
          references: [],
        },
        rules: new Map(),
      };
      groups.set(key, group);
    }
    const rule = `${f.packId}/${f.ruleId}`;
    group.rules.set(rule, Math.max(group.rules.get(rule) ?? 0, SEVERITY[f.severity]));
    group.stance.evidence.push({ start: f.start, end: f.end, match: f.match });
    if (f.reference && !group.stance.references.some((r) => r.start === f.reference!.start)) {
      group.stance.references.push(f.reference);
    }
  }
  const all: CandidateStance[] = [];
  for (const { stance, rules } of groups.values()) {
    for (const weight of rules.values()) stance.score += weight;
    all.push(stance);
  }
  const named = new Set(all.filter((s) => s.candidate).map((s) => s.stance));
  const out = all.filter((s) => {
    if (!s.candidate) return !named.has(s.stance);
    const other = all.find((o) => o !== s && o.candidate?.id === s.candidate!.id);
    if (!other) return true;
    return s.score > other.score || (s.score === other.score && s.stance === 'attack');
  });
  return out.sort((a, b) => b.score - a.score);
}

// --- Sentences -------------------------------------------------------------------------------

/** Start offsets of the text's sentences (a line break or . ! ? … before a space ends one), then the text length. */
function sentenceBounds(text: string): number[] {
  const bounds = [0];
  const re = /[.!?…]+(?=[\s"'”’)\]]|$)[\s"'”’)\]]*|\n\s*/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const end = m.index + m[0].length;
    if (end > bounds[bounds.length - 1]! && end < text.length) bounds.push(end);
    if (m[0].length === 0) re.lastIndex++;
  }
  bounds.push(text.length);
  return bounds;
}

/** The index of the sentence holding a character offset. */
function sentenceOf(bounds: readonly number[], offset: number): number {
  let lo = 0;
  let hi = bounds.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

// --- Cues from the text's shape --------------------------------------------------------------

interface ShapeCue {
  cue: ContextCue;
  /** The characters whose findings it cancels: [from, to). */
  from: number;
  to: number;
}

/** Small words a headline leaves in lower case. */
const HEADLINE_SMALL = new Set([
  'di',
  'ke',
  'dari',
  'dan',
  'yang',
  'untuk',
  'dengan',
  'pada',
  'atau',
  'ini',
  'itu',
  'soal',
  'jadi',
  'karena',
  'oleh',
  'bagi',
  'akan',
  'sudah',
  'tak',
  'tidak',
  'juga',
  'lagi',
  'vs',
  'jelang',
  'usai',
  'saat',
  'demi',
  'hingga',
  'sampai',
  'ada',
  'di',
  'per',
  'kali',
  'the',
  'of',
  'in',
  'on',
  'and',
]);

/** Words of a person's own voice: a line with one is not a headline (unless it is a quote). */
const OWN_VOICE = new Set([
  'saya',
  'aku',
  'gue',
  'gw',
  'gua',
  'ane',
  'kami',
  'kita',
  'ayo',
  'yuk',
  'mari',
  'ayok',
  'kalian',
  'kamu',
  'lu',
  'lo',
  'loe',
  'bro',
  'sis',
  'guys',
  'gaes',
  'wkwk',
  'wkwkwk',
]);

const WORD = /[\p{L}][\p{L}\p{N}'’-]*/gu;
const EMOJI = /\p{Extended_Pictographic}/u;
/** A bracketed verdict opening a fact check: [SALAH], [HOAKS], (KELIRU), [CEK FAKTA] … */
const FACT_CHECK =
  /^\s*[[(【]\s*(?:\p{Lu}[\p{Lu}\s-]{2,30}|cek\s*fakta|hoaks|hoax|salah|keliru|disinformasi|misinformasi|menyesatkan|klarifikasi|fakta)\s*[\])】]/iu;
/** "Zulhas: …", "Indikator Politik: …": a source and what it said. */
const ATTRIBUTION = /^\s*(?:[\p{Lu}][\p{L}\p{N}.'’&-]*\s+){0,3}[\p{Lu}][\p{L}\p{N}.'’&-]*\s*:\s*\S/u;
/** A retweet's prefix ("RT @akun:"): the shared text counts as the sharer's. */
const RETWEET = /^\s*RT\b/u;
/** A news dateline: "Jakarta - ", "JAKARTA, KOMPAS.com - ", "Surabaya (ANTARA) - ". */
const DATELINE =
  /^\s*[\p{Lu}][\p{L}]+(?:\s[\p{Lu}][\p{L}]+)?(?:\s*,\s*[\p{L}.]+|\s*\([\p{L}.\s]+\))?\s+[-–—]\s/u;

function shapeCue(
  text: string,
  kind: ContextKind,
  id: string,
  explanation: string,
  start: number,
  end: number,
) {
  const trimmedEnd = Math.max(start, Math.min(end, start + 200));
  return {
    ruleId: id,
    packId: '',
    kind,
    explanation,
    start,
    end: trimmedEnd,
    match: text.slice(start, trimmedEnd),
  };
}

/** Cues read from the text's shape: fact-check verdicts, datelines, attributions, headlines, questions. */
function shapeCues(
  text: string,
  sentences: readonly number[],
  insultIn: (from: number, to: number) => boolean,
): ShapeCue[] {
  const out: ShapeCue[] = [];
  const fact = FACT_CHECK.exec(text);
  if (fact) {
    const cue = shapeCue(
      text,
      'fact_check',
      'bentuk-cek-fakta',
      'Judul cek fakta: menyebut klaim orang lain, bukan sikap penulis.',
      fact.index,
      fact.index + fact[0].length,
    );
    out.push({ cue, from: 0, to: text.length });
  }
  const dateline = DATELINE.exec(text);
  if (dateline) {
    const cue = shapeCue(
      text,
      'news',
      'bentuk-dateline-berita',
      'Dibuka dengan baris tempat dan media, seperti berita.',
      dateline.index,
      dateline.index + dateline[0].length,
    );
    out.push({ cue, from: 0, to: text.length });
  }
  // Lines: attribution ("Source: …") and headline shape cancel within their line.
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const lineEnd = lineStart + line.length;
    if (ATTRIBUTION.test(line) && !RETWEET.test(line)) {
      const colon = line.indexOf(':');
      out.push({
        cue: shapeCue(
          text,
          'quote',
          'bentuk-kutipan',
          'Baris berbentuk "Narasumber: ucapan": mengutip orang lain, bukan sikap penulis.',
          lineStart,
          lineStart + colon + 1,
        ),
        from: lineStart,
        to: lineEnd,
      });
    } else if (isHeadline(line) && !insultIn(lineStart, lineEnd)) {
      out.push({
        cue: shapeCue(
          text,
          'news',
          'bentuk-judul-berita',
          'Berbentuk judul berita (kata-kata berhuruf kapital, tanpa suara pribadi).',
          lineStart,
          lineEnd,
        ),
        from: lineStart,
        to: lineEnd,
      });
    }
    lineStart = lineEnd + 1;
  }
  // Questions: a sentence ending in "?" asks rather than takes a side.
  for (let k = 0; k + 1 < sentences.length; k++) {
    const from = sentences[k]!;
    const to = sentences[k + 1]!;
    const sentence = text.slice(from, to).trimEnd();
    if (!sentence.includes('?')) continue;
    if (!/\?[\s"'”’)\]]*$/u.test(sentence)) continue;
    // "??", "?!": rhetorical, an exclamation more than a question.
    if (/\?\s*[?!]|!\s*\?/u.test(sentence)) continue;
    out.push({
      cue: shapeCue(
        text,
        'question',
        'bentuk-pertanyaan',
        'Kalimat tanya: bertanya, bukan menyatakan sikap.',
        from,
        to,
      ),
      from,
      to,
    });
  }
  return out;
}

/** Whether a line reads as a news headline: mostly capitalised words, no personal voice, no shouting. */
export function isHeadline(line: string): boolean {
  if (line.length > 220 || line.includes('!') || EMOJI.test(line)) return false;
  const words = line.match(WORD) ?? [];
  if (words.length < 4 || words.length > 30) return false;
  let counted = 0;
  let upper = 0;
  let shouted = 0;
  for (const word of words) {
    const lower = word.toLowerCase();
    if (OWN_VOICE.has(lower)) return false;
    if (HEADLINE_SMALL.has(lower)) continue;
    counted++;
    if (/^\p{Lu}/u.test(word)) upper++;
    if (word.length >= 3 && word === word.toUpperCase() && /\p{Lu}/u.test(word)) shouted++;
  }
  if (counted < 3 || shouted * 3 > counted) return false;
  return upper >= 0.8 * counted;
}
