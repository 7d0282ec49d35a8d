import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { setLocale } from '../i18n';
import { sendFromContent } from '../messaging/client';
import type { Verdict } from '../messaging/protocol';
import type { PostSnapshot } from '../sites/snapshot';
import type { SiteAdapter } from '../sites/types';
import { diagnosticSnippet } from './diagnostic';
import { InPageUi } from './in-page';
import { ContentPipeline } from './pipeline';
import { type ScanCounts, Scanner } from './scanner';
import { createWriteBatcher } from './scheduler';

const HEALTH_DEBOUNCE_MS = 400;

/** Runs Netra in one page of a supported site until the content script is invalidated. */
export async function startContentScript(adapter: SiteAdapter, ctx: ContentScriptContext): Promise<void> {
  const site = adapter.site;
  const hello = await sendFromContent('content/hello', { site, url: location.href });
  if (ctx.isInvalid) return;
  setLocale(hello.language);
  let mode = hello.mode;
  let flagged = 0;
  const writes = createWriteBatcher();
  const verdicts = new WeakMap<Element, Verdict>();

  const ui = new InPageUi(document, (container, post, verdict) => ({
    async onReport(category, note) {
      if (!verdict.flagKey) return;
      await sendFromContent('content/report', { flagKey: verdict.flagKey, category, note });
      const next: Verdict = { ...verdict, status: 'reported' };
      verdicts.set(container, next);
      ui.update(container, next);
    },
    async onStatus(status) {
      if (!verdict.flagKey) return;
      const saved = await sendFromContent('content/flagStatus', { flagKey: verdict.flagKey, status });
      const next: Verdict = { ...verdict, status: saved };
      verdicts.set(container, next);
      if (saved === 'dismissed') writes.write(() => ui.unmark(container, true));
      else ui.update(container, next);
    },
    async onTag(agency, note) {
      const actor =
        post.kind === 'repost' && post.context?.repostedBy ? post.context.repostedBy : post.author;
      await sendFromContent('content/tagAsn', {
        action: 'tag',
        site,
        handle: actor.handle,
        displayName: actor.displayName,
        agency: agency || undefined,
        note: note || undefined,
      });
      pipeline.forget({ site, handle: actor.handle });
      scanner.rescan(true);
    },
    async onUntag() {
      const actor =
        post.kind === 'repost' && post.context?.repostedBy ? post.context.repostedBy : post.author;
      await sendFromContent('content/tagAsn', { action: 'untag', site, handle: actor.handle });
      pipeline.forget({ site, handle: actor.handle });
      scanner.rescan(true);
    },
    async onCopyDiagnostic() {
      await navigator.clipboard.writeText(diagnosticSnippet(container));
    },
  }));

  const pipeline = new ContentPipeline({
    backend: {
      lookup: (accounts) => sendFromContent('content/asnLookup', { accounts }),
      classify: (snapshots: PostSnapshot[]) => sendFromContent('content/classify', { snapshots }),
    },
    mode: () => mode,
    onVerdict(post, verdict) {
      const before = verdicts.get(post.container);
      verdicts.set(post.container, verdict);
      const show = verdict.flagKey !== null && verdict.status !== 'dismissed';
      if (show && !before?.flagKey) flagged++;
      writes.write(() => {
        if (show) ui.mark(post.container, adapter.markerAnchor(post.container), post.snapshot, verdict);
        else ui.unmark(post.container);
      });
      scheduleHealth();
    },
    onError: (error) => console.warn('[netra]', error),
  });

  let counts: ScanCounts = { seen: 0, parsed: 0, skipped: 0, drift: 0, driftNames: [] };
  let healthTimer: ReturnType<typeof setTimeout> | undefined;
  function scheduleHealth() {
    if (healthTimer !== undefined) return;
    healthTimer = setTimeout(() => {
      healthTimer = undefined;
      void sendFromContent('content/health', {
        site,
        url: location.href,
        seen: counts.seen,
        parsed: counts.parsed,
        drift: counts.drift,
        driftNames: counts.driftNames.slice(0, 50),
        flagged,
        updatedAt: new Date().toISOString(),
      }).catch(() => undefined);
    }, HEALTH_DEBOUNCE_MS);
  }

  const scanner = new Scanner({
    adapter,
    root: document,
    onPosts: (posts) => pipeline.push(posts),
    onCounts(next) {
      counts = next;
      scheduleHealth();
    },
  });
  scanner.start();
  scheduleHealth();

  // Single-page navigation: the same document shows another page.
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    scanner.resetCounts();
    flagged = 0;
    counts = scanner.getCounts();
    scanner.rescan();
    scheduleHealth();
  });

  // A mode or language change applies at once, to everything already on the page.
  const onStorage = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const next = changes.settings?.newValue as
      { mode?: 'asn' | 'survey'; language?: 'id' | 'en' } | undefined;
    if (area !== 'local' || !next) return;
    if (next.language) setLocale(next.language);
    if (next.mode && next.mode !== mode) {
      mode = next.mode;
      scanner.rescan(true);
    }
  };
  browser.storage.onChanged.addListener(onStorage);

  ctx.onInvalidated(() => {
    browser.storage.onChanged.removeListener(onStorage);
    scanner.stop();
    writes.cancel();
    ui.destroy();
    if (healthTimer !== undefined) clearTimeout(healthTimer);
  });
}
