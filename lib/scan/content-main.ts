import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { setLocale } from '../i18n';
import { createContentPortSender, sendFromContent } from '../messaging/client';
import { isSettingsChanged } from '../messaging/define';
import type { Verdict } from '../messaging/protocol';
import type { PostSnapshot } from '../sites/snapshot';
import type { SiteAdapter } from '../sites/types';
import { createHealthReporter } from './health';
import { nextVisit, withRetry } from './hello';
import { InPageUi } from './in-page';
import { panelActions } from './panel-actions';
import { ContentPipeline } from './pipeline';
import { createProfileCheck } from './profile-check';
import { Scanner } from './scanner';
import { createWriteBatcher } from './scheduler';

const EMPTY_HEALTH = { seen: 0, parsed: 0, drift: 0, driftNames: [], flagged: 0 };

/** Runs Netra in one page of a supported site until the content script is invalidated. */
export async function startContentScript(adapter: SiteAdapter, ctx: ContentScriptContext): Promise<void> {
  const site = adapter.site;
  const hello = await withRetry(() => sendFromContent('content/hello', { site, url: location.href }), {
    isInvalid: () => ctx.isInvalid,
    nextRound: () => nextVisit(window, document, ctx.signal),
    onFailed(error) {
      console.warn('[netra] could not start:', error);
      // Best effort: the popup says Netra is not running here, and why.
      void sendFromContent('content/health', {
        ...EMPTY_HEALTH,
        site,
        url: location.href,
        updatedAt: new Date().toISOString(),
        startError: String(error instanceof Error ? error.message : error).slice(0, 300),
      }).catch(() => undefined);
    },
  });
  if (!hello || ctx.isInvalid) return;
  setLocale(hello.language);
  let mode = hello.mode;
  const writes = createWriteBatcher();
  const verdicts = new WeakMap<Element, Verdict>();

  const ui: InPageUi = new InPageUi(document, (container, post, verdict) =>
    panelActions(
      {
        site,
        ui: () => ui,
        setVerdict: (target, next) => verdicts.set(target, next),
        dismissLater: (target) => writes.write(() => ui.unmark(target, true)),
        accountChanged,
      },
      container,
      post,
      verdict,
    ),
  );

  // Batches of posts and scan counts go over one open port; everything else is an occasional
  // sendMessage.
  const port = createContentPortSender();
  const health = createHealthReporter(
    site,
    (value) => void port.send('content/health', value).catch(() => undefined),
  );
  const pipeline = new ContentPipeline({
    backend: {
      async check(snapshots: PostSnapshot[]) {
        // The health goes with the batch when it changed: one message instead of two.
        const changed = health.take();
        try {
          return await port.send('content/check', { snapshots, ...(changed ? { health: changed } : {}) });
        } catch (error) {
          if (changed) health.schedule();
          throw error;
        }
      },
    },
    isLive: (post) => post.container.isConnected && !ctx.isInvalid,
    mode: () => mode,
    onVerdict(post, verdict) {
      const before = verdicts.get(post.container);
      verdicts.set(post.container, verdict);
      const show = verdict.flagKey !== null && verdict.status !== 'dismissed';
      if (show && !before?.flagKey) health.addFlagged();
      // Most posts are not flagged: a frame is asked for only when there is a mark to add,
      // update or remove (each animation frame re-renders a heavy feed page).
      if (show) {
        writes.write(() =>
          ui.mark(post.container, adapter.markerAnchor(post.container), post.snapshot, verdict),
        );
      } else if (before?.flagKey || ui.isMarked(post.container)) {
        // (`before`: a mark queued in this frame's writes is not in the UI yet.)
        writes.write(() => ui.unmark(post.container));
      }
    },
    onSkipped: (post) => dropMark(post.container),
    onError: (error) => console.warn('[netra]', error),
  });

  const profile = createProfileCheck(adapter, ctx, ui, accountChanged);

  // An account was tagged or untagged: what the page knew of it is stale.
  function accountChanged(handle: string) {
    pipeline.forget({ site, handle });
    scanner.rescan(true);
  }

  // Marked before (survey mode, or the author was untagged since): not any more.
  function dropMark(container: Element) {
    if (!verdicts.get(container)?.flagKey) return;
    verdicts.delete(container);
    writes.write(() => ui.unmark(container));
  }

  const scanner = new Scanner({
    adapter,
    root: document,
    onPosts: (posts) => pipeline.push(posts),
    // ASN mode: a post whose accounts the page knows are not ASN needs no full read.
    screen: (actors) => mode === 'asn' && actors.every((handle) => pipeline.knownNotAsn({ site, handle })),
    onScreened: dropMark,
    onCounts(next) {
      health.setCounts(next);
      profile.schedule();
    },
  });
  scanner.start();
  health.schedule();
  profile.schedule();

  // Single-page navigation: the same document shows another page.
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    ui.suggest(null);
    profile.reset();
    profile.schedule();
    scanner.resetCounts();
    health.reset(scanner.getCounts());
    scanner.rescan();
    health.schedule();
  });

  // A mode or language change applies to everything already on the page. The settings are read
  // again when the page is shown or focused (they change in the options page, another tab or
  // window), not through storage.onChanged: that event brings every stored change to every
  // content script, and the flag store rewrites its whole state (about 1 MB per 1,000 flags) on
  // each sighting, which cost each open page ~100 ms of main thread per write (tests/bench/page).
  let refreshing = false;
  const refreshSettings = async () => {
    if (refreshing) return;
    refreshing = true;
    try {
      const next = await sendFromContent('content/hello', { site, url: location.href });
      if (ctx.isInvalid) return;
      setLocale(next.language);
      if (next.mode !== mode) {
        mode = next.mode;
        scanner.rescan(true);
      }
    } catch (error) {
      console.warn('[netra]', error);
    } finally {
      refreshing = false;
    }
  };
  ctx.addEventListener(document, 'visibilitychange', () => void refreshSettings());
  ctx.addEventListener(window, 'focus', () => void refreshSettings());
  // The background also says when the settings changed (only then, unlike storage.onChanged).
  const onSettingsChanged = (message: unknown) => {
    if (isSettingsChanged(message)) void refreshSettings();
  };
  browser.runtime.onMessage.addListener(onSettingsChanged);

  ctx.onInvalidated(() => {
    browser.runtime.onMessage.removeListener(onSettingsChanged);
    scanner.stop();
    pipeline.stop();
    port.close();
    writes.cancel();
    ui.destroy();
    health.stop();
    profile.stop();
  });
}
