import { accountKeys } from '../asn/canonical';
import type { AsnMatch, Finding } from '../reports/schema';
import { classify, type Matcher } from '../rules';
import { clipText, type PostSnapshot } from '../sites/snapshot';
import { accountKey, accountsOf, countingMatch, type PageAccount } from './who-counts';

// The check that decides whether a post is flagged. Judged in the background from the snapshot
// alone (the page only sends what it read): its ASN match and what the active packs find in it.

/** The registry's answer for canonical keys (AsnRegistry.lookup). */
export type AsnLookup = (keys: readonly string[]) => Promise<Map<string, AsnMatch>>;

/** Every account by accountKey: its registry match by any of its keys, or null. One lookup. */
export async function matchAccounts(
  accounts: readonly PageAccount[],
  lookup: AsnLookup,
): Promise<Record<string, AsnMatch | null>> {
  const wanted = new Map<string, string[]>();
  for (const account of accounts) {
    const key = accountKey(account);
    if (!wanted.has(key)) wanted.set(key, accountKeys(account.site, account));
  }
  const found = await lookup([...wanted.values()].flat());
  const matches: Record<string, AsnMatch | null> = {};
  for (const [key, keys] of wanted) matches[key] = keys.map((k) => found.get(k)).find(Boolean) ?? null;
  return matches;
}

/** The ASN match of every account in a batch of posts (authors and reposters), by accountKey. */
export function matchAccountsOf(snapshots: readonly PostSnapshot[], lookup: AsnLookup) {
  return matchAccounts(snapshots.flatMap(accountsOf), lookup);
}

/** Longest matched text a finding carries (FindingSchema); the span's offsets stay exact. */
export const MAX_MATCH = 2_000;
/** Most findings one flag keeps (FlagSchema); a post repeating a phrase thousands of times has more. */
export const MAX_FINDINGS = 500;

/**
 * A finding within FindingSchema's bounds: a match can be as long as the post (`Dukung` + 2,100
 * `!` + `paslon 02`), so its text is cut while start/end still point at the whole span.
 */
export function boundFinding(finding: Finding): Finding {
  const long = (text: string) => text.length > MAX_MATCH;
  if (
    !long(finding.match) &&
    !long(finding.explanation) &&
    !(finding.reference && long(finding.reference.match))
  )
    return finding;
  return {
    ...finding,
    match: clipText(finding.match, MAX_MATCH),
    explanation: clipText(finding.explanation, MAX_MATCH),
    ...(finding.reference
      ? { reference: { ...finding.reference, match: clipText(finding.reference.match, MAX_MATCH) } }
      : {}),
  };
}

/** What the check found for one post: flagged when `findings` is not empty. */
export interface PostCheck {
  /** The match that makes the post count (see countingMatch), or null. */
  asn: AsnMatch | null;
  /** The findings of the flagged categories. */
  findings: Finding[];
}

/**
 * Whether a post is flagged. In ASN mode only posts whose match counts are classified; in survey
 * mode every post is. A post is flagged when the rules flag a category; the findings of the
 * categories that were not flagged are left out.
 */
export function checkPost(
  snapshot: PostSnapshot,
  accounts: Readonly<Record<string, AsnMatch | null>>,
  mode: 'asn' | 'survey',
  matcher: Matcher,
): PostCheck {
  const asn = countingMatch(snapshot, (account) => accounts[accountKey(account)] ?? null);
  if (mode === 'asn' && !asn) return { asn, findings: [] };
  const result = classify(matcher, snapshot.text);
  const flagged = new Set(result.categories);
  const findings = result.findings
    .filter((f) => flagged.has(f.category))
    .slice(0, MAX_FINDINGS)
    .map(boundFinding);
  return { asn, findings };
}
