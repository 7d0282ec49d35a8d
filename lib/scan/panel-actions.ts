import { actorOf } from '../flags/who-counts';
import { sendFromContent } from '../messaging/client';
import type { Verdict } from '../messaging/protocol';
import type { PostSnapshot } from '../sites/snapshot';
import type { SiteId } from '../sites/types';
import { diagnosticSnippet } from './diagnostic';
import type { InPageUi, PanelActions } from './in-page';

// What the buttons of a mark's panel do: report, dismiss or restore, tag or untag the author,
// copy a diagnostic. Each asks the background; the page decides nothing.

/** What the actions need from the content script that owns the marks. */
export interface PanelContext {
  site: SiteId;
  ui: () => InPageUi;
  /** The verdict a container's mark shows now, replaced after an action. */
  setVerdict(container: Element, verdict: Verdict): void;
  /** Removes a dismissed post's mark in the next write phase. */
  dismissLater(container: Element): void;
  /** An account was tagged or untagged: forget what the page knew and read the page again. */
  accountChanged(handle: string): void;
}

/** The panel actions of one marked post. */
export function panelActions(
  context: PanelContext,
  container: Element,
  post: PostSnapshot,
  verdict: Verdict,
): PanelActions {
  const { site } = context;
  return {
    async onReport(category, note) {
      if (!verdict.flagKey) return;
      const ui = context.ui();
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
      context.setVerdict(container, next);
      ui.update(container, next);
    },
    async onStatus(status) {
      if (!verdict.flagKey) return;
      const saved = await sendFromContent('content/flagStatus', { flagKey: verdict.flagKey, status });
      const next: Verdict = { ...verdict, status: saved };
      context.setVerdict(container, next);
      if (saved === 'dismissed') context.dismissLater(container);
      else context.ui().update(container, next);
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
      context.accountChanged(actor.handle);
    },
    async onUntag() {
      const actor = actorOf(post);
      await sendFromContent('content/tagAsn', { action: 'untag', site, handle: actor.handle });
      context.accountChanged(actor.handle);
    },
    async onCopyDiagnostic() {
      await navigator.clipboard.writeText(diagnosticSnippet(container));
    },
  };
}
