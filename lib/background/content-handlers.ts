import { accountKeys } from '../asn/canonical';
import type { AsnRegistry } from '../asn/registry';
import { suggestAsn } from '../asn/suggest';
import type { Verdict } from '../messaging/protocol';
import type { MessageRouter } from '../messaging/router';
import { checkPost, matchAccounts, matchAccountsOf, type PostCheck } from '../flags/check';
import type { FlagInput } from '../flags/flag';
import { accountKey, type PageAccount } from '../flags/who-counts';
import type { AsnMatch } from '../reports/schema';
import { boundSnapshot, clipUrl, type PostSnapshot } from '../sites/snapshot';
import { SentSiteHealthSchema, settingsItem } from '../storage/items';
import { updateBadge } from './badge';
import { flagsChanged } from './flag-notice';
import { activeMatcher } from './packs';
import { scheduleFlush } from './queue-runner';
import { pruneSoon } from './retention';
import { captureEvidence } from './evidence';
import { queueReport } from './reporting';
import { countInTabHealth, saveTabHealth } from './settings-handlers';
import { asnRegistry, flagStore } from './services';

// Handlers of the content channel. Everything here is driven by web pages (a hostile page can
// craft posts and messages through the content script), so: payloads are already validated, the
// background decides ASN status and findings itself from the snapshot, and nothing here sends
// anything over the network.

/** The registry's match for an account seen on a page, by any of its keys. */
async function matchOf(registry: AsnRegistry, account: PageAccount): Promise<AsnMatch | null> {
  const matches = await matchAccounts([account], (keys) => registry.lookup(keys));
  return matches[accountKey(account)] ?? null;
}

/** Below this a profile's evidence is too thin to show (one weak hint). */
const SUGGESTION_MIN_SCORE = 0.4;

const NOT_FLAGGED = (asn: AsnMatch | null): Verdict => ({
  flagKey: null,
  findings: [],
  categories: [],
  asn,
  status: null,
});

/** The page a batch came from, for the flood cap: origin and path (queries and fragments vary). */
function pageOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const { origin, pathname } = new URL(url);
    return `${origin}${pathname}`.slice(0, 2048);
  } catch {
    return undefined;
  }
}

/** Registers the content channel's handlers. */
export function registerContentHandlers(router: MessageRouter): void {
  router
    .on('content', 'content/check', async ({ snapshots: sent, health }, ctx) => {
      // The page waits for this answer to mark posts; the health view need not hold it up. A
      // malformed health is dropped on its own: the posts still go on.
      const healthParsed = health === undefined ? undefined : SentSiteHealthSchema.safeParse(health);
      if (healthParsed?.success)
        void saveTabHealth(ctx.tabId, healthParsed.data).catch((error: unknown) =>
          console.warn('[netra]', error),
        );
      // Each post is bounded and validated on its own: a refused one gets no verdict of its own
      // and is counted in the tab's health; the rest of the batch is judged as usual.
      const bounded = sent.map(boundSnapshot);
      const rejected: { index: number; error: string }[] = [];
      const valid: PostSnapshot[] = [];
      bounded.forEach((b, index) => {
        if (b.ok) valid.push(b.snapshot);
        else rejected.push({ index, error: b.error });
      });
      const [registry, settings, { matcher }] = await Promise.all([
        asnRegistry(),
        settingsItem.get(),
        activeMatcher(),
      ]);
      // One registry lookup for every account in the batch (authors and reposters).
      const accounts = await matchAccountsOf(valid, (keys) => registry.lookup(keys));
      const verdicts: Verdict[] = [];
      const toFlag: { index: number; input: FlagInput }[] = [];
      const pageUrl = clipUrl(ctx.sender.tab?.url ?? ctx.sender.url ?? '');
      const page = pageOf(pageUrl);
      bounded.forEach((b, index) => {
        verdicts.push(NOT_FLAGGED(null));
        if (!b.ok) return;
        let check: PostCheck;
        try {
          check = checkPost(b.snapshot, accounts, settings.mode, matcher);
        } catch (error) {
          rejected.push({ index, error: `klasifikasi gagal: ${String(error)}` });
          return;
        }
        const { asn, findings } = check;
        verdicts[index] = NOT_FLAGGED(asn);
        if (findings.length === 0) return;
        // Evidence is captured now: Facebook and X remove posts that scroll away. A post with no
        // permalink keeps the page it was seen on.
        const snapshot = b.snapshot.url || !pageUrl ? b.snapshot : { ...b.snapshot, url: pageUrl };
        toFlag.push({
          index,
          input: { snapshot, findings, asn, tabId: ctx.tabId ?? undefined, ...(page ? { page } : {}) },
        });
      });
      // One write for the whole batch (only the flags that are new or changed).
      const stored = toFlag.length > 0 ? await flagStore().upsertFlags(toFlag.map((t) => t.input)) : [];
      let capped = 0;
      stored.forEach((result, i) => {
        const { index, input } = toFlag[i]!;
        if (!result.flag) {
          // Over the flood cap: counted and shown, not stored, not marked.
          if (result.refused === 'capped') capped += 1;
          else rejected.push({ index, error: result.reason });
          return;
        }
        verdicts[index] = {
          flagKey: result.flag.key,
          findings: input.findings,
          categories: result.flag.categories,
          asn: input.asn,
          status: result.flag.status,
        };
      });
      if (rejected.length > 0) {
        rejected.sort((a, b) => a.index - b.index);
        console.warn('[netra] posts refused:', rejected);
      }
      if (rejected.length > 0 || capped > 0)
        void countInTabHealth(ctx.tabId, {
          rejected: rejected.length,
          capped,
          ...(rejected[0] ? { lastRejection: rejected[0].error } : {}),
        }).catch((error: unknown) => console.warn('[netra]', error));
      if (stored.some((s) => s.flag)) {
        // The page waits for this answer to mark posts; the badge need not hold it up.
        void updateBadge(ctx.tabId).catch((error: unknown) => console.warn('[netra] badge:', error));
        if (stored.some((s) => s.flag && s.created)) flagsChanged();
        pruneSoon();
      }
      return { accounts, verdicts, ...(rejected.length > 0 ? { rejected } : {}) };
    })
    .on('content', 'content/flagStatus', async ({ flagKey, status }, ctx) => {
      const flag = await flagStore().get(flagKey);
      if (!flag) throw new Error('Temuan tidak ditemukan.');
      // A page cannot undo a report: only new/reviewed/dismissed move here.
      if (flag.status === 'reported') return flag.status;
      const saved = await flagStore().setStatus(flagKey, status);
      await updateBadge(ctx.tabId);
      flagsChanged();
      return saved.status;
    })
    .on('content', 'content/report', async ({ flagKey, category, note, box }, ctx) => {
      const evidence = await captureEvidence(ctx.sender.tab?.windowId, box);
      const result = await queueReport({ flagKey, category, note, ...evidence });
      await updateBadge(ctx.tabId);
      // Stored now; the queue runner's alarm sends it (no network request from a page's message).
      await scheduleFlush(true);
      return result;
    })
    .on('content', 'content/suggest', async (profile) => {
      const registry = await asnRegistry();
      const known = await matchOf(registry, { site: profile.site, handle: profile.handle });
      if (known) return { known, suggestion: null };
      const suggestion = suggestAsn(profile);
      if (!suggestion || suggestion.score < SUGGESTION_MIN_SCORE) return { known: null, suggestion: null };
      const settings = await settingsItem.get();
      if (settings.suggestionsCountAsAsn) {
        // The user chose to let suggestions count: accept it now, saying so in the tag's note.
        const [key] = accountKeys(profile.site, { handle: profile.handle });
        if (key) {
          await registry.tag(key, {
            ...(profile.displayName ? { name: profile.displayName } : {}),
            note: `Saran profil diterima otomatis: ${suggestion.evidence.map((e) => e.text).join(', ')}`,
          });
          const found = await matchOf(registry, { site: profile.site, handle: profile.handle });
          return { known: found, suggestion: null };
        }
      }
      return { known: null, suggestion };
    })
    .on('content', 'content/tagAsn', async (request) => {
      const registry = await asnRegistry();
      const [key] = accountKeys(request.site, { handle: request.handle });
      if (!key) throw new Error(`Akun tidak dikenali: ${request.handle}`);
      if (request.action === 'untag') {
        await registry.untag(key);
        return null;
      }
      await registry.tag(key, {
        ...(request.displayName ? { name: request.displayName } : {}),
        ...(request.agency ? { agency: request.agency } : {}),
        ...(request.note ? { note: request.note } : {}),
      });
      const found = await registry.lookup([key]);
      return found.get(key) ?? null;
    });
}
