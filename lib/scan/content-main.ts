import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { setLocale } from '../i18n';
import { createContentPortSender, sendFromContent } from '../messaging/client';
import { isSettingsChanged } from '../messaging/define';
import type { Verdict } from '../messaging/protocol';
import { accountKey, actorOf } from '../flags/who-counts';
import type { PostSnapshot } from '../sites/snapshot';
import type { SiteAdapter } from '../sites/types';
import type { SiteHealth } from '../storage/items';
import { diagnosticSnippet } from './diagnostic';
import { InPageUi } from './in-page';
import { ContentPipeline } from './pipeline';
import { type ScanCounts, Scanner } from './scanner';
import { createWriteBatcher } from './scheduler';

const HEALTH_DEBOUNCE_MS = 1_000;
const PROFILE_SETTLE_MS = 800;
/** Profile-header checks per address (the header may render late). */
const PROFILE_TRIES = 5;

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
      // The evidence screenshot is of the post, so the panel steps aside while it is taken.
      const rect = container.getBoundingClientRect();
      const box =
        rect.width > 0 && rect.height > 0
          ? {
              x: rect.x,
              y: rect.y,
              width: rect.width,
              height: rect.height,
              devicePixelRatio: window.devicePixelRatio,
            }
          : undefined;
      ui.hideOverlay(true);
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      try {
        await sendFromContent('content/report', {
          flagKey: verdict.flagKey,
          category,
          note,
          ...(box ? { box } : {}),
        });
      } finally {
        ui.hideOverlay(false);
      }
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
      const actor = actorOf(post);
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
      const actor = actorOf(post);
      await sendFromContent('content/tagAsn', { action: 'untag', site, handle: actor.handle });
      pipeline.forget({ site, handle: actor.handle });
      scanner.rescan(true);
    },
    async onCopyDiagnostic() {
      await navigator.clipboard.writeText(diagnosticSnippet(container));
    },
  }));

  // Batches of posts and scan counts go over one open port; everything else is an occasional
  // sendMessage.
  const port = createContentPortSender();
  const pipeline = new ContentPipeline({
    backend: {
      async check(snapshots: PostSnapshot[]) {
        // The health goes with the batch when it changed: one message instead of two.
        const health = takeHealth();
        try {
          return await port.send('content/check', { snapshots, ...(health ? { health } : {}) });
        } catch (error) {
          if (health) scheduleHealth();
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
      if (show && !before?.flagKey) {
        flagged++;
        scheduleHealth();
      }
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

  let counts: ScanCounts = { seen: 0, parsed: 0, skipped: 0, drift: 0, driftNames: [] };
  // The popup's health view: sent with the next batch of posts when one goes within a second (the
  // usual case while the page scrolls), else on its own. The timer is left running when a batch
  // takes the health (no timer churn per batch): when it fires, it sends what no batch took.
  let healthTimer: ReturnType<typeof setTimeout> | undefined;
  let healthDirty = false;
  function scheduleHealth() {
    healthDirty = true;
    if (healthTimer !== undefined) return;
    healthTimer = setTimeout(() => {
      healthTimer = undefined;
      const health = takeHealth();
      if (health) void port.send('content/health', health).catch(() => undefined);
    }, HEALTH_DEBOUNCE_MS);
  }
  function takeHealth(): SiteHealth | undefined {
    if (!healthDirty) return undefined;
    healthDirty = false;
    return {
      site,
      url: location.href,
      seen: counts.seen,
      parsed: counts.parsed,
      drift: counts.drift,
      driftNames: counts.driftNames.slice(0, 50),
      flagged,
      updatedAt: new Date().toISOString(),
    };
  }

  // Profile pages: does the header say this is an ASN? Checked once per profile, after the
  // page settles; the suggestion waits for the user's decision. Looking for a profile header is
  // a search of the whole document (~7 ms on a 5,000-post feed), so each address gets a few
  // tries while it loads and then none until the address changes.
  let profileChecked: string | undefined;
  let profileTimer: ReturnType<typeof setTimeout> | undefined;
  // Tries left for the current address: set at the start and at each navigation (scans call
  // this after every slice, so it does not read the address each time).
  let profileTriesLeft = PROFILE_TRIES;
  function scheduleProfileCheck() {
    if (!adapter.readProfile || profileTimer !== undefined || profileTriesLeft <= 0) return;
    profileTimer = setTimeout(() => {
      profileTimer = undefined;
      profileTriesLeft--;
      const profile = adapter.readProfile?.(document);
      if (profile) profileTriesLeft = 0;
      const id = profile ? accountKey(profile) : undefined;
      if (!profile || id === profileChecked) return;
      profileChecked = id;
      void sendFromContent('content/suggest', {
        site: profile.site,
        handle: profile.handle,
        ...(profile.displayName ? { displayName: profile.displayName.slice(0, 500) } : {}),
        ...(profile.bio ? { bio: profile.bio.slice(0, 5000) } : {}),
        links: profile.links.slice(0, 50),
      })
        .then(({ suggestion }) => {
          if (!suggestion || ctx.isInvalid) return;
          ui.suggest({
            handle: profile.handle,
            suggestion,
            async onAccept() {
              const agency = suggestion.evidence.find((e) => e.reason === 'agency')?.text;
              await sendFromContent('content/tagAsn', {
                action: 'tag',
                site,
                handle: profile.handle,
                ...(profile.displayName ? { displayName: profile.displayName.slice(0, 200) } : {}),
                ...(agency ? { agency } : {}),
                note: `Diterima dari saran profil: ${suggestion.evidence.map((e) => e.text).join(', ')}`.slice(
                  0,
                  2000,
                ),
              });
              pipeline.forget({ site, handle: profile.handle });
              scanner.rescan(true);
            },
            onIgnore: () => ui.suggest(null),
          });
        })
        .catch((error: unknown) => console.warn('[netra]', error));
    }, PROFILE_SETTLE_MS);
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
      counts = next;
      scheduleHealth();
      scheduleProfileCheck();
    },
  });
  scanner.start();
  scheduleHealth();
  scheduleProfileCheck();

  // Single-page navigation: the same document shows another page.
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    ui.suggest(null);
    profileTriesLeft = PROFILE_TRIES;
    scheduleProfileCheck();
    scanner.resetCounts();
    flagged = 0;
    counts = scanner.getCounts();
    scanner.rescan();
    scheduleHealth();
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
    if (healthTimer !== undefined) clearTimeout(healthTimer);
    if (profileTimer !== undefined) clearTimeout(profileTimer);
  });
}
