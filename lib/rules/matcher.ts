import { CATEGORIES, type Category, type Severity } from './categories';
import { type CompiledCondition, MATCHER_FORMAT, MATCHER_VERSION, type MatcherData } from './compile';
import { normalise, type Token } from './normalise';
import { MAX_PHRASE_TERMS } from './pattern';

// Runs a compiled matcher over one text. One left-to-right pass over the tokens keeps a bounded
// set of live trie states; each phrase that completes records an occurrence into its slots.
// Then only rules whose anchor slot received an occurrence are checked against their
// conditions. Every loop is bounded by the token count times a small constant.

/** One rule match, with offsets into the original text. */
export interface Finding {
  ruleId: string;
  packId: string;
  category: Category;
  severity: Severity;
  candidate?: { id: string; name: string };
  explanation: string;
  start: number;
  end: number;
  match: string;
}

/** The post-level judgement for one category. */
export interface Verdict {
  category: Category;
  /** Sum of the strongest severity weight of each distinct rule that matched. */
  score: number;
  flagged: boolean;
  /** The strongest severity among the findings. */
  severity: Severity;
}

export interface Classification {
  /** Categories whose verdict is flagged, in CATEGORIES order. */
  categories: Category[];
  findings: Finding[];
  verdicts: Verdict[];
}

/** low 1, medium 2, high 3; a category is flagged at 3: one strong signal or weaker ones together. */
export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { low: 1, medium: 2, high: 3 };
export const FLAG_THRESHOLD = 3;

const MAX_ACTIVE = 64;
const MAX_OCCURRENCES_PER_SLOT = 2000;
const MAX_FINDINGS_PER_RULE = 20;
const MAX_FINDINGS = 200;

/** A compiled, ready-to-run set of packs. */
export class Matcher {
  readonly data: MatcherData;
  private readonly words: Map<string, number[]>;
  private readonly caps: Map<string, number[]>;
  private readonly numbers: Map<number, number[]>;
  private readonly prefixEdges: Map<number, number>[];
  private readonly prefixOut: (number[] | undefined)[];
  private readonly edges: Map<number, number>[];
  private readonly outputs: (number[] | undefined)[];
  private readonly anchorRules: (number[] | undefined)[];
  private readonly numberCandidates: Map<number, number>;
  private readonly segmentWords: Set<string>;
  private readonly termStamp: Int32Array;
  private stamp = 0;

  constructor(data: MatcherData) {
    this.data = data;
    this.words = new Map(data.words);
    this.caps = new Map(data.caps);
    this.numbers = new Map(data.numbers);
    this.prefixEdges = [new Map()];
    this.prefixOut = [];
    for (const [prefix, terms] of data.prefixes) {
      let node = 0;
      for (let k = 0; k < prefix.length; k++) {
        const c = prefix.charCodeAt(k);
        let next = this.prefixEdges[node]!.get(c);
        if (next === undefined) {
          next = this.prefixEdges.length;
          this.prefixEdges.push(new Map());
          this.prefixEdges[node]!.set(c, next);
        }
        node = next;
      }
      this.prefixOut[node] = [...(this.prefixOut[node] ?? []), ...terms];
    }
    let nodes = 1;
    for (let k = 0; k < data.edges.length; k += 3)
      nodes = Math.max(nodes, data.edges[k]! + 1, data.edges[k + 2]! + 1);
    this.edges = Array.from({ length: nodes }, () => new Map<number, number>());
    for (let k = 0; k < data.edges.length; k += 3)
      this.edges[data.edges[k]!]!.set(data.edges[k + 1]!, data.edges[k + 2]!);
    this.outputs = [];
    for (const [node, phrases] of data.outputs) this.outputs[node] = phrases;
    this.anchorRules = [];
    data.rules.forEach((rule, r) => {
      for (const slot of rule.anchor) this.anchorRules[slot] = [...(this.anchorRules[slot] ?? []), r];
    });
    this.numberCandidates = new Map(data.numberCandidates);
    this.segmentWords = new Set(data.segmentWords);
    this.termStamp = new Int32Array(data.termCount);
  }

  /** Term ids a token satisfies, appended to `out` without duplicates. */
  private termsOf(token: Token, out: number[]): void {
    out.length = 0;
    if (token.key === '') return;
    const stamp = ++this.stamp;
    const add = (ids: readonly number[] | undefined) => {
      if (!ids) return;
      for (const id of ids) {
        if (this.termStamp[id] !== stamp) {
          this.termStamp[id] = stamp;
          out.push(id);
        }
      }
    };
    add(this.words.get(token.key));
    if (token.caps) add(this.caps.get(token.norm));
    if (token.value >= 0) {
      add(this.numbers.get(token.value));
      if (token.value <= 99) add(this.data.anyNumber);
    }
    if (this.prefixEdges[0]!.size > 0) {
      let node = 0;
      const key = token.key;
      for (let k = 0; k < key.length; k++) {
        const next = this.prefixEdges[node]!.get(key.charCodeAt(k));
        if (next === undefined) break;
        node = next;
        add(this.prefixOut[node]);
      }
    }
    add(this.data.any);
  }

  /** Classifies one text; see Classification. */
  classify(text: string): Classification {
    const tokens = normalise(text, { words: this.segmentWords });
    const data = this.data;
    const slotOcc = new Map<number, number[]>();
    const fired = new Set<number>();
    let active: number[] = [];
    let activeStart: number[] = [];
    const terms: number[] = [];
    const record = (phrase: number, start: number, end: number) => {
      const candidate = data.phraseCandidate[phrase] ?? -1;
      for (const slot of data.phraseSlots[phrase] ?? []) {
        let list = slotOcc.get(slot);
        if (!list) {
          list = [];
          slotOcc.set(slot, list);
        }
        if (list.length < MAX_OCCURRENCES_PER_SLOT * 3) list.push(start, end, candidate);
        const rules = this.anchorRules[slot];
        if (rules) for (const r of rules) fired.add(r);
      }
    };
    for (let i = 0; i < tokens.length; i++) {
      this.termsOf(tokens[i]!, terms);
      if (terms.length === 0) {
        active = [];
        activeStart = [];
        continue;
      }
      const next: number[] = [];
      const nextStart: number[] = [];
      for (let a = -1; a < active.length; a++) {
        const node = a < 0 ? 0 : active[a]!;
        const start = a < 0 ? i : activeStart[a]!;
        const edges = this.edges[node];
        if (!edges || edges.size === 0) continue;
        for (const term of terms) {
          const child = edges.get(term);
          if (child === undefined) continue;
          const out = this.outputs[child];
          if (out) for (const phrase of out) record(phrase, start, i);
          if (next.length < MAX_ACTIVE && (this.edges[child]?.size ?? 0) > 0) {
            next.push(child);
            nextStart.push(start);
          }
        }
      }
      active = next;
      activeStart = nextStart;
    }
    const findings = this.evaluate(
      text,
      tokens,
      slotOcc,
      [...fired].sort((a, b) => a - b),
    );
    return summarise(findings);
  }

  private evaluate(
    text: string,
    tokens: Token[],
    slotOcc: Map<number, number[]>,
    fired: number[],
  ): Finding[] {
    const data = this.data;
    const findings: Finding[] = [];
    for (const r of fired) {
      const rule = data.rules[r]!;
      const ruleFindings: Finding[] = [];
      let count = 0;
      for (const slot of rule.anchor) {
        const occ = slotOcc.get(slot);
        if (!occ) continue;
        for (let k = 0; k < occ.length && count < MAX_FINDINGS_PER_RULE; k += 3) {
          const s = occ[k]!;
          const e = occ[k + 1]!;
          let candidate = occ[k + 2]!;
          let spanStart = s;
          let spanEnd = e;
          let ok = true;
          for (const cond of rule.allOf) {
            const q = findNear(slotOcc, cond, s, e, 'around');
            if (!q) {
              ok = false;
              break;
            }
            spanStart = Math.min(spanStart, q[0]);
            spanEnd = Math.max(spanEnd, q[1]);
            if (candidate < 0 && q[2] >= 0) candidate = q[2];
          }
          if (!ok) continue;
          if (rule.notWith.some((c) => findNear(slotOcc, c, s, e, 'around'))) continue;
          if (rule.notAfter.some((c) => findNear(slotOcc, c, s, e, 'before'))) continue;
          if (rule.notBefore.some((c) => findNear(slotOcc, c, s, e, 'after'))) continue;
          if (candidate < 0) candidate = candidateWithin(slotOcc.get(data.candidateSlot), spanStart, spanEnd);
          if (candidate < 0 && rule.category === 'candidate_support') {
            for (let t = spanStart; t <= spanEnd && candidate < 0; t++) {
              const value = tokens[t]!.value;
              if (value >= 0) candidate = this.numberCandidates.get(value) ?? -1;
            }
          }
          const start = tokens[spanStart]!.start;
          const end = tokens[spanEnd]!.end;
          // Overlapping matches of one rule ("coblos 02" inside "ayo coblos 02") are one finding.
          const overlapping = ruleFindings.find((f) => f.start < end && start < f.end);
          if (overlapping) {
            overlapping.start = Math.min(overlapping.start, start);
            overlapping.end = Math.max(overlapping.end, end);
            overlapping.match = text.slice(overlapping.start, overlapping.end);
            const cand = candidate >= 0 ? data.candidates[candidate] : undefined;
            if (!overlapping.candidate && cand) overlapping.candidate = { id: cand.id, name: cand.name };
            continue;
          }
          const finding: Finding = {
            ruleId: rule.id,
            packId: data.packs[rule.pack]?.id ?? '',
            category: rule.category,
            severity: rule.severity,
            explanation: rule.explanation,
            start,
            end,
            match: text.slice(start, end),
          };
          const cand = candidate >= 0 ? data.candidates[candidate] : undefined;
          if (cand) finding.candidate = { id: cand.id, name: cand.name };
          findings.push(finding);
          ruleFindings.push(finding);
          count++;
          if (findings.length >= MAX_FINDINGS) return findings;
        }
      }
    }
    return findings;
  }
}

/** Index of the first occurrence (triples, ordered by end token) whose end is at least `end`. */
function firstEndingFrom(occ: number[], end: number): number {
  let lo = 0;
  let hi = occ.length / 3;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (occ[mid * 3 + 1]! < end) lo = mid + 1;
    else hi = mid;
  }
  return lo * 3;
}

/**
 * The occurrence from `cond`'s slots nearest to [s, e] that does not overlap it, as [start,
 * end, candidate], or null if none is within reach. Occurrences are stored in order of their end
 * token, so a binary search finds the first one that can be close enough and the scan stops once
 * they are too far: a phrase spans at most MAX_PHRASE_TERMS tokens.
 */
function findNear(
  slotOcc: Map<number, number[]>,
  cond: CompiledCondition,
  s: number,
  e: number,
  where: 'around' | 'before' | 'after',
): [number, number, number] | null {
  const within = cond.within < 0 ? Number.MAX_SAFE_INTEGER : cond.within;
  let best: [number, number, number] | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const slot of cond.slots) {
    const occ = slotOcc.get(slot);
    if (!occ) continue;
    const lowestEnd = where === 'after' ? e + 1 : Math.max(0, s - within);
    for (let k = firstEndingFrom(occ, lowestEnd); k < occ.length; k += 3) {
      const qs = occ[k]!;
      const qe = occ[k + 1]!;
      if (qe - MAX_PHRASE_TERMS > e + Math.min(within, bestDistance)) break;
      if (where === 'before' && qe >= s) break;
      let distance: number;
      if (qe < s) distance = s - qe;
      else if (qs > e) distance = qs - e;
      else continue;
      if (where === 'after' && qs <= e) continue;
      if (distance <= within && (distance < bestDistance || (distance === bestDistance && qs > e))) {
        best = [qs, qe, occ[k + 2]!];
        bestDistance = distance;
        if (distance === 1) return best;
      }
    }
  }
  return best;
}

/** The candidate of a reference occurring inside [s, e], or -1. */
function candidateWithin(occ: number[] | undefined, s: number, e: number): number {
  if (!occ) return -1;
  for (let k = firstEndingFrom(occ, s); k < occ.length; k += 3) {
    if (occ[k + 1]! > e + MAX_PHRASE_TERMS) break;
    if (occ[k]! >= s && occ[k + 1]! <= e && occ[k + 2]! >= 0) return occ[k + 2]!;
  }
  return -1;
}

/** Combines findings into per-category verdicts. */
export function summarise(findings: Finding[]): Classification {
  const best = new Map<Category, Map<string, number>>();
  for (const f of findings) {
    let rules = best.get(f.category);
    if (!rules) {
      rules = new Map();
      best.set(f.category, rules);
    }
    const key = `${f.packId}/${f.ruleId}`;
    rules.set(key, Math.max(rules.get(key) ?? 0, SEVERITY_WEIGHT[f.severity]));
  }
  const verdicts: Verdict[] = [];
  for (const category of CATEGORIES) {
    const rules = best.get(category);
    if (!rules) continue;
    let score = 0;
    let strongest = 0;
    for (const weight of rules.values()) {
      score += weight;
      strongest = Math.max(strongest, weight);
    }
    const severity: Severity = strongest >= 3 ? 'high' : strongest === 2 ? 'medium' : 'low';
    verdicts.push({ category, score, flagged: score >= FLAG_THRESHOLD, severity });
  }
  return {
    categories: verdicts.filter((v) => v.flagged).map((v) => v.category),
    findings,
    verdicts,
  };
}

function fail(message: string): never {
  throw new Error(`invalid matcher data: ${message}`);
}

const isIntArray = (v: unknown, max: number): boolean =>
  Array.isArray(v) && v.every((x) => Number.isInteger(x) && x >= 0 && x < max);

const isEntryList = (v: unknown, keyType: 'string' | 'number', max: number): boolean =>
  Array.isArray(v) &&
  v.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === keyType && isIntArray(e[1], max));

/**
 * Checks that unknown data (from storage or a message) is matcher data this version can run,
 * with every index in range, so a corrupted or stale copy fails here instead of mid-match.
 */
export function validateMatcherData(data: unknown): MatcherData {
  if (data === null || typeof data !== 'object') fail('not an object');
  const d = data as Partial<MatcherData>;
  if (d.format !== MATCHER_FORMAT) fail('unknown format');
  if (d.version !== MATCHER_VERSION) fail(`version ${String(d.version)}, expected ${MATCHER_VERSION}`);
  const terms = d.termCount;
  if (!Number.isInteger(terms) || terms! < 0) fail('termCount');
  const t = terms!;
  if (!isEntryList(d.words, 'string', t)) fail('words');
  if (!isEntryList(d.caps, 'string', t)) fail('caps');
  if (!isEntryList(d.prefixes, 'string', t)) fail('prefixes');
  if (!isEntryList(d.numbers, 'number', t)) fail('numbers');
  if (!isIntArray(d.anyNumber, t) || !isIntArray(d.any, t)) fail('anyNumber/any');
  if (
    !Array.isArray(d.edges) ||
    d.edges.length % 3 !== 0 ||
    !d.edges.every((x) => Number.isInteger(x) && x >= 0)
  ) {
    fail('edges');
  }
  const phrases = d.phraseSlots?.length ?? fail('phraseSlots');
  const slots = d.slotCount;
  if (!Number.isInteger(slots) || slots! < 1) fail('slotCount');
  if (!d.phraseSlots!.every((s) => isIntArray(s, slots!))) fail('phraseSlots');
  if (!Array.isArray(d.phraseCandidate) || d.phraseCandidate.length !== phrases) fail('phraseCandidate');
  if (!isEntryList(d.outputs, 'number', phrases)) fail('outputs');
  const candidates = d.candidates;
  if (!Array.isArray(candidates)) fail('candidates');
  if (!d.phraseCandidate.every((c) => Number.isInteger(c) && c >= -1 && c < candidates.length))
    fail('phraseCandidate');
  if (!Array.isArray(d.packs) || !Array.isArray(d.rules) || !Array.isArray(d.segmentWords))
    fail('packs/rules');
  const condOk = (c: CompiledCondition) => isIntArray(c.slots, slots!) && Number.isInteger(c.within);
  for (const rule of d.rules) {
    const ok =
      typeof rule.id === 'string' &&
      (CATEGORIES as readonly string[]).includes(rule.category) &&
      SEVERITY_WEIGHT[rule.severity] !== undefined &&
      Number.isInteger(rule.pack) &&
      isIntArray(rule.anchor, slots!) &&
      [rule.allOf, rule.notWith, rule.notAfter, rule.notBefore].every(
        (cs) => Array.isArray(cs) && cs.every(condOk),
      );
    if (!ok) fail(`rule ${String(rule.id)}`);
  }
  if (
    !isEntryList(
      d.numberCandidates?.map(([k, v]) => [k, [v]]),
      'number',
      candidates.length,
    )
  )
    fail('numberCandidates');
  return d as MatcherData;
}
