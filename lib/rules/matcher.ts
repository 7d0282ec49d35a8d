import { CATEGORIES, CONTEXT_KINDS, type Category, type Severity } from './categories';
import { type CompiledCondition, MATCHER_FORMAT, MATCHER_VERSION, type MatcherData } from './compile';
import type { Finding } from './finding';
import {
  type CandidateStance,
  type ContextCue,
  type Neutralised,
  needsStance,
  resolveStances,
} from './stance';
import { keyIdEpoch, normaliseInto, TokenBuffer } from './normalise';
import { MAX_PHRASE_TERMS } from './pattern';

// Runs a compiled matcher over one text. One left-to-right pass over the tokens keeps a bounded
// set of live trie states; each phrase that completes records an occurrence into its slots.
// Then only rules whose anchor slot received an occurrence are checked against their
// conditions. Every loop is bounded by the token count times a small constant.

export type { Finding } from './finding';

/** The post-level judgement for one category. */
export interface CategoryVerdict {
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
  verdicts: CategoryVerdict[];
  /** Which candidate, which way: one entry per candidate (or "a candidate") of a flagged partisan category. */
  stances: CandidateStance[];
  /** Reporting, quoting, question… cues found in the text (whether or not they cancelled anything). */
  cues: ContextCue[];
  /** Partisan findings dropped: cancelled by a cue, or a support reading overruled by an attack. */
  neutralised: Neutralised[];
}

/** A rule's part in the stance step: none, a context cue, or one whose findings may make a stance. */
const ROLE_OTHER = 0;
const ROLE_CONTEXT = 1;
const ROLE_STANCE = 2;

/** Which directions a cue cancels, as cueSpans carries it. */
const CANCELS = { both: 0, support: 1, attack: 2 } as const;

/** Nodes with at most this many edges are scanned for a term rather than looked up. */
const SCAN_EDGES = 8;

/** low 1, medium 2, high 3; a category is flagged at 3: one strong signal or weaker ones together. */
export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { low: 1, medium: 2, high: 3 };
export const FLAG_THRESHOLD = 3;

const MAX_ACTIVE = 64;
const MAX_OCCURRENCES_PER_SLOT = 2000;
const MAX_FINDINGS_PER_RULE = 20;
const MAX_FINDINGS = 200;
/** Phrase matches kept per text; beyond this a (hostile) text's later matches are dropped. */
const MAX_MATCHES = 200_000;
/** Token and match buffers bigger than this (in tokens) are not kept from one text to the next. */
const KEEP_TOKENS = 1 << 14;
const STAMP_LIMIT = 1 << 30;

/** A compiled, ready-to-run set of packs. */
export class Matcher {
  readonly data: MatcherData;
  private readonly words: Map<string, number[]>;
  private readonly caps: Map<string, number[]>;
  private readonly numbers: Map<number, number[]>;
  private readonly prefixEdges: Map<number, number>[];
  private readonly prefixOut: (number[] | undefined)[];
  /** Edges of the nodes with more than SCAN_EDGES of them, for lookup by term. */
  private readonly edges: (Map<number, number> | undefined)[];
  /** The same edges as parallel arrays, for states with fewer edges than the token has terms. */
  /** Node n's edges are (edgeTerm[k], edgeChild[k]) for k in [edgeAt[n], edgeAt[n + 1]). */
  private readonly edgeAt: Int32Array;
  private readonly edgeTerm: Int32Array;
  private readonly edgeChild: Int32Array;
  private readonly rootChild: Int32Array;
  /** Term ids per key id (see normaliseInto), and the token value they were resolved for. */
  /**
   * What each key id means, resolved once per id: idInfo[4 * id ..] holds where its term ids
   * start in `pool` and how many there are (-1: not resolved yet), then the same for the trie
   * nodes the root reaches on them; idValues the token value it was resolved for.
   */
  private idInfo = new Int32Array(0);
  private idValues = new Int32Array(0);
  private pool = new Int32Array(1024);
  private poolSize = 0;
  private idEpoch = -1;
  /** Where the current token's terms and root children are in `pool` (see lookupTerms). */
  private termStart = 0;
  private termCount = 0;
  private rootStart = 0;
  private rootCount = 0;
  private tokens = new TokenBuffer();
  private spareTokens = new TokenBuffer();
  /** 1 for characters that start some prefix term, so most tokens skip the prefix walk. */
  private readonly prefixFirst: Uint8Array;
  /** Node n's phrases are outList[outAt[n] .. outAt[n + 1]). */
  private readonly outAt: Int32Array;
  private readonly outList: Int32Array;
  private readonly anchorRules: (number[] | undefined)[];
  private readonly numberCandidates: Map<number, number>;
  private readonly segmentWords: Set<string>;
  private readonly termStamp: Int32Array;
  private stamp = 0;
  private readonly scratchTerms: number[] = [];
  private readonly slots: SlotTable;
  /** Rules anchored by this text's matches (each once: ruleSeen holds ruleCall for them). */
  private readonly fired: number[] = [];
  private readonly ruleSeen: Int32Array;
  /** Slots filled by the current text's matches hold ruleCall. */
  private readonly slotSeen: Int32Array;
  /** Slots some viable rule of the current text reads hold ruleCall. */
  private readonly slotNeeded: Int32Array;
  /** Per rule: every slot it reads (anchor and conditions). */
  private readonly ruleSlots: Int32Array[];
  /** Per phrase p: its slots are phraseSlotList[phraseSlotAt[p] .. phraseSlotAt[p + 1]). */
  private readonly phraseSlotAt: Int32Array;
  private readonly phraseSlotList: Int32Array;
  /** Per phrase p, likewise: the rules its slots anchor. */
  private readonly phraseRuleAt: Int32Array;
  private readonly phraseRuleList: Int32Array;
  private ruleCall = 0;
  /** Phrase matches of the current text as (phrase, start token, end token) triples. */
  private matchBuf = new Int32Array(3 * 256);
  private matchCount = 0;
  private readonly normaliseOptions: { words: ReadonlySet<string> };
  private readonly spanBuf: number[] = [];
  private readonly cueSpanBuf: number[] = [];
  /** Per rule: ROLE_OTHER, ROLE_CONTEXT or ROLE_STANCE. */
  private readonly ruleRole: Uint8Array;
  private readonly hasPrefixes: boolean;
  private readonly scratchStates: Int32Array[] = [new Int32Array(MAX_ACTIVE), new Int32Array(MAX_ACTIVE)];
  private readonly scratchStarts: Int32Array[] = [new Int32Array(MAX_ACTIVE), new Int32Array(MAX_ACTIVE)];

  constructor(data: MatcherData) {
    this.data = data;
    this.words = new Map(data.words);
    this.caps = new Map(data.caps);
    this.numbers = new Map(data.numbers);
    this.prefixEdges = [new Map()];
    this.prefixOut = new Array<number[] | undefined>(data.prefixes.reduce((n, [p]) => n + p.length, 1)).fill(
      undefined,
    );
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
    const edges = Array.from({ length: nodes }, () => new Map<number, number>());
    for (let k = 0; k < data.edges.length; k += 3)
      edges[data.edges[k]!]!.set(data.edges[k + 1]!, data.edges[k + 2]!);
    [this.edgeAt, this.edgeTerm] = flatten(edges.map((m) => [...m.keys()]));
    this.edgeChild = flatten(edges.map((m) => [...m.values()]))[1];
    this.edges = edges.map((m) => (m.size > SCAN_EDGES ? m : undefined));
    // The root has an edge for most terms: a flat array indexed by term id beats a Map lookup.
    this.rootChild = new Int32Array(data.termCount).fill(-1);
    for (const [term, child] of edges[0]!) if (term < data.termCount) this.rootChild[term] = child;
    this.prefixFirst = new Uint8Array(65536);
    for (const [prefix] of data.prefixes) if (prefix.length > 0) this.prefixFirst[prefix.charCodeAt(0)] = 1;
    const outputs = Array.from({ length: nodes }, (): number[] => []);
    for (const [node, phrases] of data.outputs) if (node < nodes) outputs[node] = phrases;
    [this.outAt, this.outList] = flatten(outputs);
    this.anchorRules = new Array<number[] | undefined>(data.slotCount).fill(undefined);
    data.rules.forEach((rule, r) => {
      for (const slot of rule.anchor) this.anchorRules[slot] = [...(this.anchorRules[slot] ?? []), r];
    });
    const phraseRules = data.phraseSlots.map((slots) => [
      ...new Set(slots.flatMap((slot) => this.anchorRules[slot] ?? [])),
    ]);
    [this.phraseSlotAt, this.phraseSlotList] = flatten(data.phraseSlots);
    [this.phraseRuleAt, this.phraseRuleList] = flatten(phraseRules);
    this.slotSeen = new Int32Array(data.slotCount);
    this.slotNeeded = new Int32Array(data.slotCount);
    this.ruleSlots = data.rules.map((rule) =>
      Int32Array.from(
        new Set([
          ...rule.anchor,
          ...[rule.allOf, rule.notWith, rule.notAfter, rule.notBefore].flatMap((cs) =>
            cs.flatMap((c) => c.slots),
          ),
        ]),
      ),
    );
    this.numberCandidates = new Map(data.numberCandidates);
    this.slots = new SlotTable(data.slotCount);
    this.ruleSeen = new Int32Array(data.rules.length);
    this.segmentWords = new Set(data.segmentWords);
    this.normaliseOptions = { words: this.segmentWords };
    this.hasPrefixes = data.prefixes.length > 0;
    this.termStamp = new Int32Array(data.termCount);
    this.ruleRole = Uint8Array.from(data.rules, (rule) =>
      rule.context !== undefined
        ? ROLE_CONTEXT
        : rule.category === 'candidate_support' ||
            rule.category === 'candidate_attack' ||
            ((rule.category === 'hate_speech' || rule.category === 'abusive') && rule.severity !== 'low')
          ? ROLE_STANCE
          : ROLE_OTHER,
    );
  }

  /** Appends ids not yet seen for the current token (stamp) to `out` from `count`; returns the new count. */
  private addTerms(ids: readonly number[] | undefined, out: number[], count: number): number {
    if (!ids) return count;
    const stamp = this.stamp;
    const seen = this.termStamp;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      if (seen[id] !== stamp) {
        seen[id] = stamp;
        out[count++] = id;
      }
    }
    return count;
  }

  /**
   * Finds the term ids token k satisfies (the word table, the number tables, the prefix trie and
   * the wildcards) and the root's children on them, and sets termStart/termCount and
   * rootStart/rootCount to where they are in `pool`. Resolved once per key id (the normaliser
   * gives equal keys equal ids), so a repeated word costs a few array reads. All-capital tokens
   * (which also match acronyms) and keys without an id are resolved each time, into the free
   * end of the pool.
   */
  private lookupTerms(tokens: TokenBuffer, k: number): void {
    const id = tokens.ids[k]!;
    const value = tokens.values[k]!;
    const cacheable = id >= 0 && (tokens.flags[k]! & 1) === 0;
    if (cacheable && id < this.idValues.length) {
      const at = id * 4;
      if (this.idInfo[at + 1]! >= 0 && this.idValues[id] === value) {
        this.termStart = this.idInfo[at]!;
        this.termCount = this.idInfo[at + 1]!;
        this.rootStart = this.idInfo[at + 2]!;
        this.rootCount = this.idInfo[at + 3]!;
        return;
      }
    }
    if (tokens.keys[k] === '') {
      this.termCount = 0;
      return;
    }
    const count = this.collectTerms(
      tokens.keys[k]!,
      tokens.norms[k]!,
      tokens.caps(k),
      value,
      this.scratchTerms,
    );
    if (this.poolSize + 2 * count > this.pool.length) {
      const bigger = new Int32Array(Math.max(this.pool.length * 2, this.poolSize + 2 * count));
      bigger.set(this.pool.subarray(0, this.poolSize));
      this.pool = bigger;
    }
    const pool = this.pool;
    let end = this.poolSize;
    this.termStart = end;
    for (let t = 0; t < count; t++) pool[end++] = this.scratchTerms[t]!;
    this.rootStart = end;
    for (let t = 0; t < count; t++) {
      const child = this.rootChild[this.scratchTerms[t]!]!;
      if (child >= 0) pool[end++] = child;
    }
    this.termCount = count;
    this.rootCount = end - this.rootStart;
    if (!cacheable) return;
    if (id >= this.idValues.length) {
      const size = Math.max(1024, this.idValues.length * 2, id + 1);
      const values = new Int32Array(size);
      values.set(this.idValues);
      const info = new Int32Array(size * 4).fill(-1);
      info.set(this.idInfo);
      this.idValues = values;
      this.idInfo = info;
    }
    // A key resolved again for another value (not expected: a key has one value) keeps the first.
    if (this.idInfo[id * 4 + 1]! >= 0) return;
    this.poolSize = end;
    this.idValues[id] = value;
    this.idInfo.set([this.termStart, count, this.rootStart, this.rootCount], id * 4);
  }

  /** Term ids for one token's fields, written to the front of `out` without duplicates; returns how many. */
  private collectTerms(key: string, norm: string, caps: boolean, value: number, out: number[]): number {
    this.stamp++;
    let count = this.addTerms(this.words.get(key), out, 0);
    if (caps) count = this.addTerms(this.caps.get(norm), out, count);
    if (value >= 0) {
      count = this.addTerms(this.numbers.get(value), out, count);
      if (value <= 99) count = this.addTerms(this.data.anyNumber, out, count);
    }
    if (this.hasPrefixes && this.prefixFirst[key.charCodeAt(0)] === 1) {
      let node = 0;
      for (let k = 0; k < key.length; k++) {
        const next = this.prefixEdges[node]!.get(key.charCodeAt(k));
        if (next === undefined) break;
        node = next;
        count = this.addTerms(this.prefixOut[node], out, count);
      }
    }
    return this.addTerms(this.data.any, out, count);
  }

  /** Records one phrase occurrence into its slots. */
  private record(slotOcc: SlotTable, phrase: number, start: number, end: number): void {
    const candidate = this.data.phraseCandidate[phrase] ?? -1;
    const slotEnd = this.phraseSlotAt[phrase + 1]!;
    const needed = this.slotNeeded;
    const call = this.ruleCall;
    for (let k = this.phraseSlotAt[phrase]!; k < slotEnd; k++) {
      const slot = this.phraseSlotList[k]!;
      if (needed[slot] === call) slotOcc.add(slot, start, end, candidate);
    }
  }

  /** Whether every condition has an occurrence somewhere in the text (see advance). */
  private allConditionsPresent(conditions: CompiledCondition[]): boolean {
    const call = this.ruleCall;
    for (let c = 0; c < conditions.length; c++) {
      const slots = conditions[c]!.slots;
      let present = false;
      for (let s = 0; s < slots.length; s++) {
        if (this.slotSeen[slots[s]!] === call) {
          present = true;
          break;
        }
      }
      if (!present) return false;
    }
    return true;
  }

  /**
   * Follows one edge: notes phrases ending at `child` in the match buffer and keeps the state
   * live if it can go on. Slots are filled later, and only if some rule's anchor matched.
   */
  private advance(
    child: number,
    start: number,
    i: number,
    next: Int32Array,
    nextStart: Int32Array,
    nextCount: number,
  ): number {
    const outEnd = this.outAt[child + 1]!;
    const call = this.ruleCall;
    for (let o = this.outAt[child]!; o < outEnd; o++) {
      const phrase = this.outList[o]!;
      if (this.matchCount + 3 > this.matchBuf.length) {
        if (this.matchBuf.length >= MAX_MATCHES * 3) continue;
        const bigger = new Int32Array(this.matchBuf.length * 2);
        bigger.set(this.matchBuf);
        this.matchBuf = bigger;
      }
      this.matchBuf[this.matchCount++] = phrase;
      this.matchBuf[this.matchCount++] = start;
      this.matchBuf[this.matchCount++] = i;
      // Which slots this text fills and which rules it anchors, for the check before recording.
      const slotEnd = this.phraseSlotAt[phrase + 1]!;
      for (let k = this.phraseSlotAt[phrase]!; k < slotEnd; k++)
        this.slotSeen[this.phraseSlotList[k]!] = call;
      const ruleEnd = this.phraseRuleAt[phrase + 1]!;
      for (let k = this.phraseRuleAt[phrase]!; k < ruleEnd; k++) {
        const rule = this.phraseRuleList[k]!;
        if (this.ruleSeen[rule] !== call) {
          this.ruleSeen[rule] = call;
          this.fired.push(rule);
        }
      }
    }
    if (nextCount < MAX_ACTIVE && this.edgeAt[child + 1]! > this.edgeAt[child]!) {
      next[nextCount] = child;
      nextStart[nextCount] = start;
      return nextCount + 1;
    }
    return nextCount;
  }

  /** Classifies one text; see Classification. */
  classify(text: string): Classification {
    const result = this.run(text);
    // Buffers grown by a huge text are let go rather than kept for the life of the matcher.
    if (this.tokens.capacity() > KEEP_TOKENS) this.tokens = new TokenBuffer();
    if (this.spareTokens.capacity() > KEEP_TOKENS) this.spareTokens = new TokenBuffer();
    if (this.matchBuf.length > 3 * KEEP_TOKENS) this.matchBuf = new Int32Array(3 * 256);
    return result;
  }

  private run(text: string): Classification {
    const tokens = normaliseInto(text, this.normaliseOptions, this.tokens, this.spareTokens);
    if (keyIdEpoch() !== this.idEpoch) {
      // Key ids were reassigned: what this matcher knew about the old ones no longer applies.
      this.idEpoch = keyIdEpoch();
      this.idInfo = new Int32Array(0);
      this.idValues = new Int32Array(0);
      this.poolSize = 0;
    }
    this.matchCount = 0;
    if (this.ruleCall >= STAMP_LIMIT || this.stamp >= STAMP_LIMIT) {
      // Stamps live in Int32Arrays: start them over long before they could wrap.
      this.ruleCall = 0;
      this.ruleSeen.fill(0);
      this.slotSeen.fill(0);
      this.slotNeeded.fill(0);
      this.stamp = 0;
      this.termStamp.fill(0);
    }
    this.ruleCall++;
    this.fired.length = 0;
    // Live trie states double-buffered in fixed arrays: no allocation per token.
    let active = this.scratchStates[0]!;
    let activeStart = this.scratchStarts[0]!;
    let next = this.scratchStates[1]!;
    let nextStart = this.scratchStarts[1]!;
    let activeCount = 0;
    const seen = this.termStamp;
    const tokenCount = tokens.count;
    for (let i = 0; i < tokenCount; i++) {
      this.lookupTerms(tokens, i);
      const termCount = this.termCount;
      if (termCount === 0) {
        activeCount = 0;
        continue;
      }
      const pool = this.pool;
      const termStart = this.termStart;
      const termEnd = termStart + termCount;
      let nextCount = 0;
      const rootEnd = this.rootStart + this.rootCount;
      for (let r = this.rootStart; r < rootEnd; r++)
        nextCount = this.advance(pool[r]!, i, i, next, nextStart, nextCount);
      // The edge-vs-term test below reads the token's terms from their stamps.
      let stamp = 0;
      for (let a = 0; a < activeCount; a++) {
        const node = active[a]!;
        const start = activeStart[a]!;
        const lo = this.edgeAt[node]!;
        const hi = this.edgeAt[node + 1]!;
        if (hi - lo < termCount) {
          // Few edges, many terms: test each edge against the token's term stamp.
          if (stamp === 0) {
            stamp = ++this.stamp;
            for (let t = termStart; t < termEnd; t++) seen[pool[t]!] = stamp;
          }
          for (let k = lo; k < hi; k++) {
            if (seen[this.edgeTerm[k]!] !== stamp) continue;
            nextCount = this.advance(this.edgeChild[k]!, start, i, next, nextStart, nextCount);
          }
        } else if (hi - lo <= SCAN_EDGES) {
          for (let t = termStart; t < termEnd; t++) {
            const term = pool[t]!;
            for (let k = lo; k < hi; k++) {
              if (this.edgeTerm[k] !== term) continue;
              nextCount = this.advance(this.edgeChild[k]!, start, i, next, nextStart, nextCount);
              break;
            }
          }
        } else {
          const edges = this.edges[node]!;
          for (let t = termStart; t < termEnd; t++) {
            const child = edges.get(pool[t]!);
            if (child === undefined) continue;
            nextCount = this.advance(child, start, i, next, nextStart, nextCount);
          }
        }
      }
      const swapStates = active;
      const swapStarts = activeStart;
      active = next;
      activeStart = nextStart;
      next = swapStates;
      nextStart = swapStarts;
      activeCount = nextCount;
    }
    const fired = this.fired;
    if (fired.length === 0) return emptyClassification();
    // Most posts that mention an anchor word ("kamu", "presiden") lack the rest of every rule it
    // anchors: those end here, before any occurrence is recorded or anything allocated.
    let viable = 0;
    let stanceRules = false;
    for (let k = 0; k < fired.length; k++) {
      if (this.allConditionsPresent(this.data.rules[fired[k]!]!.allOf)) {
        fired[viable++] = fired[k]!;
        if (this.ruleRole[fired[k]!] === ROLE_STANCE) stanceRules = true;
      }
    }
    // Context cues matter only to partisan findings (and insults, which can be attacks): a post
    // with neither skips them, so common cue words ("menurut", "katanya") cost nothing there.
    if (!stanceRules) {
      let kept = 0;
      for (let k = 0; k < viable; k++)
        if (this.ruleRole[fired[k]!] !== ROLE_CONTEXT) fired[kept++] = fired[k]!;
      viable = kept;
    }
    if (viable === 0) return emptyClassification();
    // Only the slots these rules read (and candidate references) are recorded.
    const call = this.ruleCall;
    this.slotNeeded[this.data.candidateSlot] = call;
    for (let k = 0; k < viable; k++) {
      const slots = this.ruleSlots[fired[k]!]!;
      for (let s = 0; s < slots.length; s++) this.slotNeeded[slots[s]!] = call;
    }
    const slotOcc = this.slots;
    slotOcc.reset();
    const buf = this.matchBuf;
    for (let k = 0; k < this.matchCount; k += 3) this.record(slotOcc, buf[k]!, buf[k + 1]!, buf[k + 2]!);
    // Reused from one text to the next; the stance step copies what it keeps.
    const spans = this.spanBuf;
    const cueSpans = this.cueSpanBuf;
    spans.length = 0;
    cueSpans.length = 0;
    const cues: ContextCue[] = [];
    const findings = this.evaluate(
      text,
      tokens,
      slotOcc,
      fired.slice(0, viable).sort(ascending),
      spans,
      cues,
      cueSpans,
    );
    if (findings.length === 0 && cues.length === 0) return emptyClassification();
    const named = slotOcc.size(this.data.candidateSlot) > 0;
    if (!needsStance(findings, named)) {
      const plain = summarise(findings);
      plain.cues = cues;
      return plain;
    }
    const resolved = resolveStances({
      text,
      findings,
      spans,
      cues,
      cueSpans,
      named,
      references: () => this.references(slotOcc, tokens, text),
    });
    const result = summarise(resolved.findings);
    // A stance is given where its category is flagged: one strong signal or weaker ones together.
    if (resolved.stances.length > 0) {
      result.stances = resolved.stances.filter((st) =>
        result.categories.includes(st.stance === 'support' ? 'candidate_support' : 'candidate_attack'),
      );
    }
    result.cues = resolved.shapeCues.length > 0 ? [...cues, ...resolved.shapeCues] : cues;

    result.neutralised = resolved.neutralised;
    return result;
  }

  /** The candidates named in the current text, in order, with where. */
  private references(slotOcc: SlotTable, tokens: TokenBuffer, text: string): Reference[] {
    const occ = slotOcc.get(this.data.candidateSlot);
    const out: Reference[] = [];
    if (!occ) return out;
    const size = slotOcc.size(this.data.candidateSlot);
    for (let k = 0; k < size && out.length < 200; k += 3) {
      const candidate = occ[k + 2]!;
      if (candidate < 0) continue;
      const cand = this.data.candidates[candidate];
      if (!cand) continue;
      const start = tokens.starts[occ[k]!]!;
      const end = tokens.ends[occ[k + 1]!]!;
      out.push({
        candidate: { id: cand.id, name: cand.name },
        start,
        end,
        match: text.slice(start, end),
        tokenStart: occ[k]!,
        tokenEnd: occ[k + 1]!,
      });
    }
    return out;
  }

  /**
   * The findings of the fired rules (to `spans`, per finding: start and end token and 1 if its
   * stance holds whatever the context) and the context cues among them (to `cues`; to
   * `cueSpans`: start and end token, scope and CANCELS code).
   */
  private evaluate(
    text: string,
    tokens: TokenBuffer,
    slotOcc: SlotTable,
    fired: number[],
    spans: number[],
    cues: ContextCue[],
    cueSpans: number[],
  ): Finding[] {
    const data = this.data;
    const findings: Finding[] = [];
    for (const r of fired) {
      const rule = data.rules[r]!;
      const ruleFindings: Finding[] = [];
      const ruleFirst = findings.length;
      let count = 0;
      for (const slot of rule.anchor) {
        const occ = slotOcc.get(slot);
        if (!occ) continue;
        const size = slotOcc.size(slot);
        for (let k = 0; k < size && count < MAX_FINDINGS_PER_RULE; k += 3) {
          const s = occ[k]!;
          const e = occ[k + 1]!;
          let candidate = occ[k + 2]!;
          let refStart = candidate >= 0 ? s : -1;
          let refEnd = e;
          let spanStart = s;
          let spanEnd = e;
          let ok = true;
          for (const cond of rule.allOf) {
            let q = findNear(slotOcc, cond, s, e, cond.side ?? 'around');
            if (!q && occ[k + 2]! < 0 && cond.slots.includes(data.candidateSlot)) {
              // "{candidate}" also holds for a reference inside the match ("jangan sampai 02 menang").
              const at = candidateWithin(slotOcc, data.candidateSlot, s, e);
              if (at >= 0) {
                const refs = slotOcc.get(data.candidateSlot)!;
                q = [refs[at]!, refs[at + 1]!, refs[at + 2]!];
              }
            }
            if (!q) {
              ok = false;
              break;
            }
            spanStart = Math.min(spanStart, q[0]);
            spanEnd = Math.max(spanEnd, q[1]);
            if (candidate < 0 && q[2] >= 0) {
              candidate = q[2];
              refStart = q[0];
              refEnd = q[1];
            }
          }
          if (!ok) continue;
          if (anyNear(slotOcc, rule.notWith, s, e, 'around')) continue;
          if (anyNear(slotOcc, rule.notAfter, s, e, 'before')) continue;
          if (anyNear(slotOcc, rule.notBefore, s, e, 'after')) continue;
          if (rule.context !== undefined) {
            if (cues.length < MAX_FINDINGS) {
              const start = tokens.starts[spanStart]!;
              const end = tokens.ends[spanEnd]!;
              cues.push({
                ruleId: rule.id,
                packId: data.packs[rule.pack]?.id ?? '',
                kind: rule.context,
                explanation: rule.explanation,
                start,
                end,
                match: text.slice(start, end),
              });
              cueSpans.push(spanStart, spanEnd, rule.scope ?? 0, CANCELS[rule.cancels ?? 'both']);
            }
            count++;
            continue;
          }
          if (candidate < 0) {
            const at = candidateWithin(slotOcc, data.candidateSlot, spanStart, spanEnd);
            if (at >= 0) {
              const refs = slotOcc.get(data.candidateSlot)!;
              candidate = refs[at + 2]!;
              refStart = refs[at]!;
              refEnd = refs[at + 1]!;
            }
          }
          if (
            candidate < 0 &&
            (rule.category === 'candidate_support' || rule.category === 'candidate_attack')
          ) {
            for (let t = spanStart; t <= spanEnd && candidate < 0; t++) {
              const value = tokens.values[t]!;
              if (value >= 0) {
                candidate = this.numberCandidates.get(value) ?? -1;
                refStart = t;
                refEnd = t;
              }
            }
          }
          const start = tokens.starts[spanStart]!;
          const end = tokens.ends[spanEnd]!;
          // Overlapping matches of one rule ("coblos 02" inside "ayo coblos 02") are one finding.
          let overlapping: Finding | undefined;
          for (const f of ruleFindings) {
            if (f.start < end && start < f.end) {
              overlapping = f;
              break;
            }
          }
          if (overlapping) {
            overlapping.start = Math.min(overlapping.start, start);
            overlapping.end = Math.max(overlapping.end, end);
            overlapping.match = text.slice(overlapping.start, overlapping.end);
            const at = 3 * (ruleFirst + ruleFindings.indexOf(overlapping));
            spans[at] = Math.min(spans[at]!, spanStart);
            spans[at + 1] = Math.max(spans[at + 1]!, spanEnd);
            const cand = candidate >= 0 ? data.candidates[candidate] : undefined;
            if (!overlapping.candidate && cand) {
              overlapping.candidate = { id: cand.id, name: cand.name };
              overlapping.reference = reference(text, tokens, refStart, refEnd);
            }
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
          if (cand) {
            finding.candidate = { id: cand.id, name: cand.name };
            finding.reference = reference(text, tokens, refStart, refEnd);
          }
          findings.push(finding);
          spans.push(spanStart, spanEnd, rule.keep ? 1 : 0);
          ruleFindings.push(finding);
          count++;
          if (findings.length >= MAX_FINDINGS) return findings;
        }
      }
    }
    return findings;
  }
}

/**
 * Occurrences per slot as flat (start, end, candidate) triples, ordered by end token. The arrays
 * are reused from one text to the next (a stamp says which are current), so classifying a
 * post allocates nothing here once warm.
 */
class SlotTable {
  private readonly lists: Int32Array[];
  private readonly counts: Int32Array;
  private readonly stamps: Int32Array;
  private call = 0;

  constructor(slotCount: number) {
    this.lists = Array.from({ length: slotCount }, () => new Int32Array(12));
    this.counts = new Int32Array(slotCount);
    this.stamps = new Int32Array(slotCount);
  }

  reset(): void {
    this.call++;
  }

  add(slot: number, start: number, end: number, candidate: number): void {
    let list = this.lists[slot];
    if (!list) return;
    if (this.stamps[slot] !== this.call) {
      this.stamps[slot] = this.call;
      this.counts[slot] = 0;
    }
    const count = this.counts[slot]!;
    if (count >= MAX_OCCURRENCES_PER_SLOT * 3) return;
    if (count + 3 > list.length) {
      const bigger = new Int32Array(list.length * 2);
      bigger.set(list);
      this.lists[slot] = list = bigger;
    }
    list[count] = start;
    list[count + 1] = end;
    list[count + 2] = candidate;
    this.counts[slot] = count + 3;
  }

  /** The slot's triples for the current text; read only the first size(slot) entries. */
  get(slot: number): Int32Array | undefined {
    return this.stamps[slot] === this.call ? this.lists[slot] : undefined;
  }

  size(slot: number): number {
    return this.stamps[slot] === this.call ? this.counts[slot]! : 0;
  }
}

// Plain loops instead of callbacks below: these run per fired rule, and a closure per call
// costs more than the check itself.

function anyNear(
  slotOcc: SlotTable,
  conditions: CompiledCondition[],
  s: number,
  e: number,
  where: 'around' | 'before' | 'after',
): boolean {
  for (const cond of conditions) {
    if (findNear(slotOcc, cond, s, e, where === 'around' ? (cond.side ?? 'around') : where)) return true;
  }
  return false;
}

function flaggedCategories(verdicts: CategoryVerdict[]): Category[] {
  const out: Category[] = [];
  for (const v of verdicts) if (v.flagged) out.push(v.category);
  return out;
}

function ascending(a: number, b: number): number {
  return a - b;
}

/** Index of the first occurrence (triples, ordered by end token) whose end is at least `end`. */
function firstEndingFrom(occ: Int32Array, size: number, end: number): number {
  let lo = 0;
  let hi = size / 3;
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
  slotOcc: SlotTable,
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
    const size = slotOcc.size(slot);
    const lowestEnd = where === 'after' ? e + 1 : Math.max(0, s - within);
    for (let k = firstEndingFrom(occ, size, lowestEnd); k < size; k += 3) {
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

/** Where (the index of its triple) a reference naming a candidate occurs inside [s, e], or -1. */
function candidateWithin(slotOcc: SlotTable, slot: number, s: number, e: number): number {
  const occ = slotOcc.get(slot);
  if (!occ) return -1;
  const size = slotOcc.size(slot);
  for (let k = firstEndingFrom(occ, size, s); k < size; k += 3) {
    if (occ[k + 1]! > e + MAX_PHRASE_TERMS) break;
    if (occ[k]! >= s && occ[k + 1]! <= e && occ[k + 2]! >= 0) return k;
  }
  return -1;
}

/** A candidate reference as offsets into the text; undefined when no token span is known. */
function reference(text: string, tokens: TokenBuffer, s: number, e: number): Finding['reference'] {
  if (s < 0 || e < s || e >= tokens.count) return undefined;
  const start = tokens.starts[s]!;
  const end = tokens.ends[e]!;
  return { start, end, match: text.slice(start, end) };
}

/** A candidate named in the text. */
export interface Reference {
  candidate: { id: string; name: string };
  start: number;
  end: number;
  match: string;
  tokenStart: number;
  tokenEnd: number;
}

function emptyClassification(): Classification {
  return { categories: [], findings: [], verdicts: [], stances: [], cues: [], neutralised: [] };
}

/** Lists as one flat array and the offset where each begins (plus the end): two reads, no object per list. */
function flatten(lists: readonly (readonly number[])[]): [Int32Array, Int32Array] {
  const at = new Int32Array(lists.length + 1);
  for (let k = 0; k < lists.length; k++) at[k + 1] = at[k]! + lists[k]!.length;
  const flat = new Int32Array(at[lists.length]!);
  lists.forEach((list, k) => flat.set(list, at[k]!));
  return [at, flat];
}

/** Whether two findings come from the same rule (the key the verdicts count rules by). */
function sameRule(f: Finding, g: Finding): boolean {
  if (f.ruleId === g.ruleId && f.packId === g.packId) return true;
  if (f.packId.length + f.ruleId.length !== g.packId.length + g.ruleId.length) return false;
  return `${f.packId}/${f.ruleId}` === `${g.packId}/${g.ruleId}`;
}

/**
 * Combines findings into per-category verdicts. Findings are few (at most MAX_FINDINGS), so
 * each rule's strongest finding is found by comparing pairs: no map, no key string per finding.
 */
export function summarise(findings: Finding[]): Classification {
  const n = findings.length;
  const verdicts: CategoryVerdict[] = [];
  for (const category of CATEGORIES) {
    let found = false;
    let score = 0;
    let strongest = 0;
    for (let k = 0; k < n; k++) {
      const f = findings[k]!;
      if (f.category !== category) continue;
      found = true;
      // A rule counts once, with its strongest finding: its first finding adds it.
      let weight = SEVERITY_WEIGHT[f.severity];
      let first = true;
      for (let j = 0; j < n; j++) {
        const g = findings[j]!;
        if (j === k || g.category !== category || !sameRule(f, g)) continue;
        if (j < k) {
          first = false;
          break;
        }
        weight = Math.max(weight, SEVERITY_WEIGHT[g.severity]);
      }
      if (!first) continue;
      score += weight;
      strongest = Math.max(strongest, weight);
    }
    if (!found) continue;
    const severity: Severity = strongest >= 3 ? 'high' : strongest === 2 ? 'medium' : 'low';
    verdicts.push({ category, score, flagged: score >= FLAG_THRESHOLD, severity });
  }
  return {
    categories: flaggedCategories(verdicts),
    findings,
    verdicts,
    stances: [],
    cues: [],
    neutralised: [],
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
  // A trie has at most one node more than it has edges; bigger ids would make us allocate for them.
  const maxNode = d.edges.length / 3 + 1;
  for (let k = 0; k < d.edges.length; k += 3) {
    if (d.edges[k]! >= maxNode || d.edges[k + 1]! >= t || d.edges[k + 2]! >= maxNode)
      fail('edges out of range');
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
  const condOk = (c: CompiledCondition) =>
    isIntArray(c.slots, slots!) &&
    Number.isInteger(c.within) &&
    (c.side === undefined || c.side === 'before' || c.side === 'after');
  for (const rule of d.rules) {
    const ok =
      typeof rule.id === 'string' &&
      (CATEGORIES as readonly string[]).includes(rule.category) &&
      SEVERITY_WEIGHT[rule.severity] !== undefined &&
      Number.isInteger(rule.pack) &&
      isIntArray(rule.anchor, slots!) &&
      [rule.allOf, rule.notWith, rule.notAfter, rule.notBefore].every(
        (cs) => Array.isArray(cs) && cs.every(condOk),
      ) &&
      (rule.context === undefined ||
        ((CONTEXT_KINDS as readonly string[]).includes(rule.context) &&
          Number.isInteger(rule.scope) &&
          rule.scope! >= -1)) &&
      (rule.keep === undefined || typeof rule.keep === 'boolean') &&
      (rule.cancels === undefined || rule.cancels === 'support' || rule.cancels === 'attack');
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
