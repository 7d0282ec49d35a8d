import type { Category, ContextKind, Severity } from './categories';
import { slangLexicon, squeeze } from './lexicon/slang';
import { commonWordList } from './lexicon/words';
import { canonicalWord } from './normalise';
import type { Pack, PackCandidate, PackCondition, PackContext } from './pack';
import { type Alt, MAX_PHRASE_TERMS, parsePattern, phraseFromText } from './pattern';
import { inflections, isDictionaryWord, vowelDropVariants } from './stem';

// Compiles validated packs into one matcher. Every distinct term (a set of alternatives) gets an
// id; every token maps to the term ids it satisfies through hash lookups; every phrase is a path
// in one trie over term ids, shared by all rules. Matching walks the trie once over the tokens,
// so its cost depends on the text, not on how many rules or candidates are loaded. Conditions
// are evaluated afterwards, and only for rules whose anchor phrases occurred.
//
// The result is plain JSON (MatcherData): the background compiles once and hands the data to
// content scripts, which never load the stemmer or the schema.

export const MATCHER_FORMAT = 'netra-matcher';
export const MATCHER_VERSION = 2;

/** A condition compiled to the occurrence slots it reads; `within` -1 means anywhere. */
export interface CompiledCondition {
  slots: number[];
  within: number;
  /** Only occurrences before (or after) the match count; absent: either side. */
  side?: 'before' | 'after';
}

/** Which partisan findings a context cue cancels: -1 the post, 0 its sentence, N within N tokens. */
export const SCOPE_POST = -1;
export const SCOPE_SENTENCE = 0;

export interface CompiledRule {
  pack: number;
  id: string;
  category: Category;
  severity: Severity;
  explanation: string;
  anchor: number[];
  allOf: CompiledCondition[];
  notWith: CompiledCondition[];
  notAfter: CompiledCondition[];
  notBefore: CompiledCondition[];
  /** Set for a context cue (a pack's `contexts`): its matches are cues, never findings. */
  context?: ContextKind;
  /** A cue's scope (SCOPE_POST, SCOPE_SENTENCE or a distance in tokens). */
  scope?: number;
  /** A cue that cancels only one direction. */
  cancels?: 'support' | 'attack';
  /** A slogan hashtag's stance holds whatever the context: context cues do not cancel it. */
  keep?: boolean;
}

/** The serialisable compiled form of a set of packs. */
export interface MatcherData {
  format: typeof MATCHER_FORMAT;
  version: typeof MATCHER_VERSION;
  packs: { id: string; version: string; kind: 'base' | 'campaign' }[];
  termCount: number;
  /** Token key → term ids (words, affixed forms, exact numbers, hashtags, mentions, emoji). */
  words: [string, number[]][];
  /** Upper-case token norm → term ids (acronyms). */
  caps: [string, number[]][];
  /** Key prefix → term ids. */
  prefixes: [string, number[]][];
  /** Number value → term ids. */
  numbers: [number, number[]][];
  /** Term ids matching any number 0-99 ({num}). */
  anyNumber: number[];
  /** Term ids matching any token (?). */
  any: number[];
  /** Trie edges as flat triples: from node, term id, to node. */
  edges: number[];
  /** Node → phrase ids that end there. */
  outputs: [number, number[]][];
  /** Per phrase: the occurrence slots it records into. */
  phraseSlots: number[][];
  /** Per phrase: the candidate it refers to, or -1. */
  phraseCandidate: number[];
  slotCount: number;
  candidateSlot: number;
  rules: CompiledRule[];
  candidates: { id: string; name: string; pack: number }[];
  /** Ballot number → candidate index (first active pack wins). */
  numberCandidates: [number, number][];
  /** Vocabulary for splitting run-together hashtags. */
  segmentWords: string[];
}

type CampaignRuleKind = 'hashtag' | 'slogan' | 'account' | 'attackName' | 'attackHashtag' | 'attackSlogan';

/** The rules every campaign pack gets, fed by its candidates' lists. */
const CAMPAIGN_RULES: Record<
  CampaignRuleKind,
  { id: string; category: Category; severity: Severity; explanation: string; keep?: boolean }
> = {
  hashtag: {
    id: 'campaign-hashtag',
    category: 'candidate_support',
    severity: 'high',
    keep: true,
    explanation: 'Memakai tagar slogan pendukung paslon; ASN dilarang memakai tagar atau slogan kampanye.',
  },
  slogan: {
    id: 'campaign-slogan',
    category: 'candidate_support',
    severity: 'high',
    explanation: 'Menulis slogan kampanye paslon; ASN dilarang menyebarkan slogan kampanye.',
  },
  account: {
    id: 'campaign-account',
    category: 'candidate_support',
    severity: 'low',
    explanation:
      'Menyebut akun resmi paslon atau tim kampanye; perlu dilihat apakah ini membagikan atau mendukung kampanye.',
  },
  attackName: {
    id: 'campaign-attack-name',
    category: 'candidate_attack',
    severity: 'high',
    explanation:
      'Memakai julukan ejekan yang dipakai lawan untuk paslon; ASN dilarang berbuat yang merugikan peserta pemilu.',
  },
  attackHashtag: {
    id: 'campaign-attack-hashtag',
    category: 'candidate_attack',
    severity: 'high',
    keep: true,
    explanation: 'Memakai tagar kampanye melawan paslon; menyerang paslon sama dilarangnya dengan mendukung.',
  },
  attackSlogan: {
    id: 'campaign-attack-slogan',
    category: 'candidate_attack',
    severity: 'high',
    explanation:
      'Menulis slogan kampanye melawan paslon; ASN dilarang berbuat yang merugikan peserta pemilu.',
  },
};
const CAMPAIGN_RULE_KINDS = Object.keys(CAMPAIGN_RULES) as CampaignRuleKind[];

function altKey(alt: Alt): string {
  switch (alt.kind) {
    case 'word':
      return `w:${alt.key}`;
    case 'prefix':
      return `p:${alt.key}`;
    case 'stem':
      return `s:${alt.root}`;
    case 'number':
      return `n:${alt.value}`;
    case 'exact':
      return `x:${alt.key}`;
    case 'anyNumber':
      return 'N';
    case 'any':
      return '?';
    case 'hashtag':
      return `${alt.prefix ? 'hp' : 'h'}:${alt.key}`;
    case 'mention':
      return `${alt.prefix ? 'mp' : 'm'}:${alt.key}`;
    case 'emoji':
      return `e:${alt.key}`;
    case 'caps':
      return `c:${alt.key}`;
  }
}

class Builder {
  termIds = new Map<string, number>();
  words = new Map<string, Set<number>>();
  caps = new Map<string, Set<number>>();
  prefixes = new Map<string, Set<number>>();
  numbers = new Map<number, Set<number>>();
  anyNumber = new Set<number>();
  any = new Set<number>();
  edges: Map<number, number>[] = [new Map()];
  outputs = new Map<number, number[]>();
  phraseIds = new Map<string, number>();
  phraseSlots: number[][] = [];
  phraseCandidate: number[] = [];
  slotCount = 1;
  readonly candidateSlot = 0;
  groupSlots = new Map<string, number>();
  segmentWords = new Set<string>();
  taken: (w: string) => boolean;

  constructor() {
    const common = commonWordList();
    const slang = slangLexicon();
    this.taken = (w) => common.has(w) || slang.has(w) || isDictionaryWord(squeeze(w));
  }

  private addTo<K>(map: Map<K, Set<number>>, key: K, term: number) {
    let set = map.get(key);
    if (!set) {
      set = new Set();
      map.set(key, set);
    }
    set.add(term);
  }

  private addWord(key: string, term: number) {
    if (key === '') return;
    this.addTo(this.words, key, term);
    if (/^[a-z]+$/.test(key)) this.segmentWords.add(key);
  }

  /** The id of a term (a set of alternatives), registering its lookup keys on first sight. */
  term(alts: Alt[]): number {
    const signature = [...new Set(alts.map(altKey))].sort().join('|');
    const known = this.termIds.get(signature);
    if (known !== undefined) return known;
    const id = this.termIds.size;
    this.termIds.set(signature, id);
    for (const alt of alts) {
      switch (alt.kind) {
        case 'word':
          this.addWord(alt.key, id);
          for (const v of vowelDropVariants(alt.key, this.taken)) this.addWord(v, id);
          break;
        case 'prefix':
          this.addTo(this.prefixes, alt.key, id);
          break;
        case 'stem': {
          const forms = inflections(alt.root);
          for (const form of forms) this.addWord(squeeze(form), id);
          for (const v of vowelDropVariants(alt.root, this.taken)) this.addWord(squeeze(v), id);
          break;
        }
        case 'number':
          this.addTo(this.numbers, alt.value, id);
          break;
        case 'exact':
        case 'hashtag':
        case 'mention':
        case 'emoji':
          if (alt.kind !== 'hashtag' && alt.kind !== 'mention') this.addWord(alt.key, id);
          else if (alt.prefix) this.addTo(this.prefixes, alt.key, id);
          else this.addTo(this.words, alt.key, id);
          break;
        case 'caps':
          this.addTo(this.caps, alt.key, id);
          this.segmentWords.add(alt.key);
          break;
        case 'anyNumber':
          this.anyNumber.add(id);
          break;
        case 'any':
          this.any.add(id);
          break;
      }
    }
    return id;
  }

  /** Adds a phrase (or finds it) and makes it record into `slots`; returns its id. */
  phrase(terms: Alt[][], slots: number[], candidate: number): number {
    const ids = terms.map((t) => this.term(t));
    const signature = ids.join(',');
    let id = this.phraseIds.get(signature);
    if (id === undefined) {
      id = this.phraseSlots.length;
      this.phraseIds.set(signature, id);
      this.phraseSlots.push([]);
      this.phraseCandidate.push(candidate);
      let node = 0;
      for (const term of ids) {
        const edges = this.edges[node]!;
        let next = edges.get(term);
        if (next === undefined) {
          next = this.edges.length;
          this.edges.push(new Map());
          edges.set(term, next);
        }
        node = next;
      }
      const out = this.outputs.get(node) ?? [];
      out.push(id);
      this.outputs.set(node, out);
    }
    const own = this.phraseSlots[id]!;
    for (const s of slots) if (!own.includes(s)) own.push(s);
    if (this.phraseCandidate[id] === -1 && candidate >= 0) this.phraseCandidate[id] = candidate;
    return id;
  }

  newSlot(): number {
    return this.slotCount++;
  }

  /** The slots a list of patterns records into; identical lists share one slot. */
  group(patterns: readonly string[]): number[] {
    const parsed = patterns.map((p) => parsePattern(p));
    const phrases: Alt[][][] = [];
    let candidate = false;
    for (const result of parsed) {
      // Packs reaching the compiler have been validated; a bad pattern here is skipped, not fatal.
      if (!result.ok) continue;
      if (result.pattern.kind === 'candidate') candidate = true;
      else phrases.push(result.pattern.terms);
    }
    const slots: number[] = [];
    if (phrases.length > 0) {
      const signature = phrases
        .map((terms) => terms.map((t) => this.term(t)).join(','))
        .sort()
        .join(';');
      let slot = this.groupSlots.get(signature);
      if (slot === undefined) {
        slot = this.newSlot();
        this.groupSlots.set(signature, slot);
        for (const terms of phrases) this.phrase(terms, [slot], -1);
      }
      slots.push(slot);
    }
    if (candidate) slots.push(this.candidateSlot);
    return slots;
  }
}

function compileConditions(b: Builder, conditions: PackCondition[] | undefined): CompiledCondition[] {
  return (conditions ?? []).map((c) => ({
    slots: b.group(c.anyOf),
    within: c.within ?? -1,
    ...(c.side ? { side: c.side } : {}),
  }));
}

/**
 * Whether a hashtag is made only of the candidate's names, nicknames, acronyms and numbers
 * (#AhokDjarot, #PrabowoGibran2024): such a tag names the candidate and is used by supporters and
 * opponents alike, so it is a reference, not a stance.
 */
export function isNameHashtag(tag: string, candidate: PackCandidate): boolean {
  const body = tag
    .replace(/^#/, '')
    .toLowerCase()
    .replace(/[0-9_]+/g, ' ');
  const parts = new Set<string>();
  for (const text of [...candidate.names, ...candidate.nicknames, ...candidate.acronyms]) {
    for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (word.length >= 2) parts.add(word);
  }
  for (const chunk of body.split(' ')) {
    if (chunk === '') continue;
    // Can the chunk be cut into name words? Dynamic programming over prefixes.
    const ok = new Array<boolean>(chunk.length + 1).fill(false);
    ok[0] = true;
    for (let end = 1; end <= chunk.length; end++) {
      for (let start = 0; start < end && !ok[end]; start++) {
        if (ok[start] && parts.has(chunk.slice(start, end))) ok[end] = true;
      }
    }
    if (!ok[chunk.length]) return false;
  }
  return true;
}

function addCandidate(
  b: Builder,
  candidate: PackCandidate,
  index: number,
  packSlots: Record<CampaignRuleKind, number>,
) {
  const refSlots = [b.candidateSlot];
  for (const text of [...candidate.names, ...candidate.nicknames, ...candidate.parties]) {
    const terms = phraseFromText(text);
    // A one-letter reference ("P") would match everywhere; acronyms are the place for those.
    const tooShort = terms?.length === 1 && terms[0]!.every((a) => a.kind === 'word' && a.key.length < 2);
    if (terms && !tooShort) b.phrase(terms, refSlots, index);
  }
  if (candidate.number !== undefined) {
    // "nomor 2" and "02" name this candidate once a campaign pack says who is number 2.
    b.phrase(
      [[{ kind: 'word', key: 'nomor' }], [{ kind: 'number', value: candidate.number }]],
      refSlots,
      index,
    );
    if (candidate.number < 10) b.phrase([[{ kind: 'exact', key: `0${candidate.number}` }]], refSlots, index);
  }
  for (const acronym of candidate.acronyms) {
    b.phrase([[{ kind: 'caps', key: canonicalWord(acronym.toLowerCase()).norm }]], refSlots, index);
  }
  // Name hashtags are references; other tags listed with them are read as supporters' slogans.
  for (const tag of candidate.hashtags) {
    const terms = phraseFromText(tag);
    const slots = isNameHashtag(tag, candidate) ? refSlots : [...refSlots, packSlots.hashtag];
    if (terms) b.phrase(terms, slots, index);
  }
  for (const tag of candidate.supportHashtags) {
    const terms = phraseFromText(tag);
    if (terms) b.phrase(terms, [...refSlots, packSlots.hashtag], index);
  }
  for (const tag of candidate.attackHashtags) {
    const terms = phraseFromText(tag);
    if (terms) b.phrase(terms, [...refSlots, packSlots.attackHashtag], index);
  }
  for (const name of candidate.attackNames) {
    const terms = phraseFromText(name);
    if (terms && terms.length <= MAX_PHRASE_TERMS)
      b.phrase(terms, [...refSlots, packSlots.attackName], index);
  }
  for (const account of candidate.accounts) {
    const handle = account.startsWith('@') ? account : `@${account}`;
    b.phrase(
      [[{ kind: 'mention', key: handle.toLowerCase(), prefix: false }]],
      [...refSlots, packSlots.account],
      index,
    );
  }
  for (const slogan of candidate.slogans) {
    const terms = phraseFromText(slogan);
    if (terms && terms.length <= MAX_PHRASE_TERMS) b.phrase(terms, [packSlots.slogan], index);
  }
  for (const slogan of candidate.attackSlogans) {
    const terms = phraseFromText(slogan);
    if (terms && terms.length <= MAX_PHRASE_TERMS) b.phrase(terms, [packSlots.attackSlogan], index);
  }
}

function compileContext(b: Builder, packIndex: number, cue: PackContext): CompiledRule {
  return {
    pack: packIndex,
    id: cue.id,
    // Cues are never findings; the category is only there for the shape of a compiled rule.
    category: 'candidate_support',
    severity: 'low',
    explanation: cue.explanation,
    anchor: b.group(cue.anyOf),
    allOf: compileConditions(b, cue.allOf),
    notWith: compileConditions(b, cue.notWith),
    notAfter: compileConditions(b, cue.notAfter),
    notBefore: compileConditions(b, cue.notBefore),
    context: cue.kind,
    ...(cue.cancels ? { cancels: cue.cancels } : {}),
    scope: cue.scope === 'post' ? SCOPE_POST : cue.scope === 'sentence' ? SCOPE_SENTENCE : cue.scope,
  };
}

/** Compiles validated packs (base and campaign, in priority order) into matcher data. */
export function compileMatcherData(packs: readonly Pack[]): MatcherData {
  const b = new Builder();
  const rules: CompiledRule[] = [];
  const candidates: MatcherData['candidates'] = [];
  const numberCandidates = new Map<number, number>();
  packs.forEach((pack, packIndex) => {
    if (pack.kind === 'campaign' && pack.candidates) {
      const packSlots = Object.fromEntries(CAMPAIGN_RULE_KINDS.map((kind) => [kind, b.newSlot()])) as Record<
        CampaignRuleKind,
        number
      >;
      for (const candidate of pack.candidates) {
        const index = candidates.length;
        candidates.push({ id: candidate.id, name: candidate.name, pack: packIndex });
        if (candidate.number !== undefined && !numberCandidates.has(candidate.number)) {
          numberCandidates.set(candidate.number, index);
        }
        addCandidate(b, candidate, index, packSlots);
      }
      for (const kind of CAMPAIGN_RULE_KINDS) {
        const spec = CAMPAIGN_RULES[kind];
        rules.push({
          pack: packIndex,
          id: spec.id,
          category: spec.category,
          severity: spec.severity,
          explanation: spec.explanation,
          anchor: [packSlots[kind]],
          allOf: [],
          notWith: [],
          notAfter: [],
          notBefore: [],
          ...(spec.keep ? { keep: true } : {}),
        });
      }
    }
    for (const cue of pack.contexts) rules.push(compileContext(b, packIndex, cue));
    for (const rule of pack.rules) {
      rules.push({
        pack: packIndex,
        id: rule.id,
        category: rule.category,
        severity: rule.severity,
        explanation: rule.explanation,
        anchor: b.group(rule.anyOf),
        allOf: compileConditions(b, rule.allOf),
        notWith: compileConditions(b, rule.notWith),
        notAfter: compileConditions(b, rule.notAfter),
        notBefore: compileConditions(b, rule.notBefore),
      });
    }
  });
  const edges: number[] = [];
  b.edges.forEach((map, from) => {
    for (const [term, to] of map) edges.push(from, term, to);
  });
  const toEntries = <K>(map: Map<K, Set<number>>): [K, number[]][] =>
    [...map].map(([k, v]): [K, number[]] => [k, [...v]]);
  return {
    format: MATCHER_FORMAT,
    version: MATCHER_VERSION,
    packs: packs.map((p) => ({ id: p.id, version: p.version, kind: p.kind })),
    termCount: b.termIds.size,
    words: toEntries(b.words),
    caps: toEntries(b.caps),
    prefixes: toEntries(b.prefixes),
    numbers: toEntries(b.numbers),
    anyNumber: [...b.anyNumber],
    any: [...b.any],
    edges,
    outputs: [...b.outputs],
    phraseSlots: b.phraseSlots,
    phraseCandidate: b.phraseCandidate,
    slotCount: b.slotCount,
    candidateSlot: b.candidateSlot,
    rules,
    candidates,
    numberCandidates: [...numberCandidates],
    segmentWords: [...b.segmentWords],
  };
}
