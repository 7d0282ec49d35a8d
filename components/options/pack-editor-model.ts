import type { z } from 'zod';
import { t } from '@/lib/i18n';
import { type Pack, PackSchema } from '@/lib/rules/pack';
import type { FieldErrors } from './validate';

// The campaign pack editor's model: a draft of plain strings (what the inputs hold), converted
// to a pack and validated with the same PackSchema the background uses. Lists are edited one
// entry per line. Rules of the pack the editor started from are kept as they were.

export const LIST_FIELDS = [
  'names',
  'nicknames',
  'acronyms',
  'parties',
  'hashtags',
  'accounts',
  'slogans',
  'supportHashtags',
  'attackNames',
  'attackHashtags',
  'attackSlogans',
] as const;
export type ListField = (typeof LIST_FIELDS)[number];

export interface CandidateDraft {
  id: string;
  name: string;
  /** Ballot number as typed. */
  number: string;
  names: string;
  nicknames: string;
  acronyms: string;
  parties: string;
  hashtags: string;
  accounts: string;
  slogans: string;
  supportHashtags: string;
  attackNames: string;
  attackHashtags: string;
  attackSlogans: string;
}

export interface PackDraft {
  id: string;
  name: string;
  version: string;
  description: string;
  language: string;
  candidates: CandidateDraft[];
  /** The starting pack's rules and context cues, unchanged. */
  rules: unknown[];
  contexts: unknown[];
}

/** A candidate with every field empty. */
export function blankCandidate(): CandidateDraft {
  return {
    id: '',
    name: '',
    number: '',
    names: '',
    nicknames: '',
    acronyms: '',
    parties: '',
    hashtags: '',
    accounts: '',
    slogans: '',
    supportHashtags: '',
    attackNames: '',
    attackHashtags: '',
    attackSlogans: '',
  };
}

/** A new campaign pack with one empty candidate. */
export function blankDraft(): PackDraft {
  return {
    id: '',
    name: '',
    version: '1.0.0',
    description: '',
    language: 'id',
    candidates: [blankCandidate()],
    rules: [],
    contexts: [],
  };
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const lines = (value: unknown): string =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').join('\n') : '';

/** A draft from a pack as stored (tolerant: an imported pack that no longer validates can be fixed here). */
export function draftFromPack(json: unknown): PackDraft {
  const pack = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const candidates = Array.isArray(pack.candidates) ? pack.candidates : [];
  return {
    id: str(pack.id),
    name: str(pack.name),
    version: str(pack.version) || '1.0.0',
    description: str(pack.description),
    language: str(pack.language) || 'id',
    rules: Array.isArray(pack.rules) ? pack.rules : [],
    contexts: Array.isArray(pack.contexts) ? pack.contexts : [],
    candidates: candidates.map((raw) => {
      const c = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      return {
        id: str(c.id),
        name: str(c.name),
        number: typeof c.number === 'number' ? String(c.number) : '',
        names: lines(c.names),
        nicknames: lines(c.nicknames),
        acronyms: lines(c.acronyms),
        parties: lines(c.parties),
        hashtags: lines(c.hashtags),
        accounts: lines(c.accounts),
        slogans: lines(c.slogans),
        supportHashtags: lines(c.supportHashtags),
        attackNames: lines(c.attackNames),
        attackHashtags: lines(c.attackHashtags),
        attackSlogans: lines(c.attackSlogans),
      };
    }),
  };
}

/** A pack/candidate id from a display name: "Anies – Muhaimin" → "anies-muhaimin". */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

const splitLines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** The candidate id used when the field is left empty. */
export function candidateId(candidate: CandidateDraft, index: number): string {
  return candidate.id.trim() || slug(candidate.name) || `kandidat-${index + 1}`;
}

/** The pack JSON a draft stands for (not yet validated). */
export function packFromDraft(draft: PackDraft): Record<string, unknown> {
  const trimmedName = draft.name.trim();
  const description = draft.description.trim();
  return {
    id: draft.id.trim(),
    version: draft.version.trim(),
    language: draft.language || 'id',
    kind: 'campaign',
    ...(trimmedName ? { name: trimmedName } : {}),
    ...(description ? { description } : {}),
    candidates: draft.candidates.map((c, i) => {
      const number = c.number.trim();
      return {
        id: candidateId(c, i),
        name: c.name.trim(),
        // A non-number is passed on as typed, so validation names the field.
        ...(number === '' ? {} : { number: /^\d+$/.test(number) ? Number(number) : number }),
        ...Object.fromEntries(LIST_FIELDS.map((field) => [field, splitLines(c[field])])),
      };
    }),
    rules: draft.rules,
    contexts: draft.contexts,
  };
}

type Issue = z.core.$ZodIssue;

const FORMAT_KEYS = {
  id: 'optionsPackErrId',
  version: 'optionsPackErrVersion',
  acronyms: 'optionsPackErrAcronym',
  hashtags: 'optionsPackErrHashtag',
  supportHashtags: 'optionsPackErrHashtag',
  attackHashtags: 'optionsPackErrHashtag',
  accounts: 'optionsPackErrAccount',
} as const;

/** An issue in the words of the UI language, for the field it belongs to. */
function issueText(issue: Issue, field: string): string {
  if (field === 'number') return t('optionsPackErrNumber');
  if (issue.code === 'too_small') {
    return field === 'candidates' ? t('optionsPackErrNoCandidates') : t('optionsErrRequired');
  }
  if (issue.code === 'too_big') return t('optionsErrTooLong', Number(issue.maximum));
  if (issue.code === 'invalid_format' && field in FORMAT_KEYS) {
    return t(FORMAT_KEYS[field as keyof typeof FORMAT_KEYS]);
  }
  if (issue.code === 'custom' && /duplicate candidate id/.test(issue.message)) {
    return t('optionsPackErrDuplicateCandidate');
  }
  if (issue.code === 'custom' && /needs candidates/.test(issue.message))
    return t('optionsPackErrNoCandidates');
  return issue.message;
}

/** The editor field an issue path belongs to, and the line within a list field. */
export function fieldOfPath(path: readonly PropertyKey[]): { key: string; line?: number } {
  const [head, index, field, item] = path;
  if (head === 'candidates' && typeof index === 'number' && typeof field === 'string') {
    return { key: `candidates.${index}.${field}`, ...(typeof item === 'number' ? { line: item } : {}) };
  }
  if (head === 'rules' || head === 'contexts') return { key: 'rules' };
  return { key: typeof head === 'string' ? head : 'pack' };
}

export type DraftCheck =
  { ok: true; pack: Pack; json: Record<string, unknown> } | { ok: false; errors: FieldErrors };

/** Validates a draft; errors are keyed by field (`id`, `candidates.0.hashtags`) in the UI language. */
export function checkDraft(draft: PackDraft): DraftCheck {
  const json = packFromDraft(draft);
  const parsed = PackSchema.safeParse(json);
  if (parsed.success) return { ok: true, pack: parsed.data, json };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const { key, line } = fieldOfPath(issue.path);
    const field = key.split('.').pop() ?? key;
    let text = issueText(issue, field);
    if (line !== undefined) {
      const value = splitLines(draft.candidates[Number(key.split('.')[1])]?.[field as ListField] ?? '')[line];
      text = t('optionsPackErrLine', line + 1, value ?? '', text);
    }
    errors[key] = errors[key] ? `${errors[key]} · ${text}` : text;
  }
  return { ok: false, errors };
}
