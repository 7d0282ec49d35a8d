import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { accountKey } from '../flags/who-counts';
import { sendFromContent } from '../messaging/client';
import type { SiteAdapter } from '../sites/types';
import type { InPageUi } from './in-page';

// Profile pages: does the header say this is an ASN? Checked once per profile, after the page
// settles; the suggestion waits for the user's decision. Looking for a profile header is a
// search of the whole document (~7 ms on a 5,000-post feed), so each address gets a few tries
// while it loads and then none until the address changes.

const PROFILE_SETTLE_MS = 800;
/** Profile-header checks per address (the header may render late). */
const PROFILE_TRIES = 5;

export interface ProfileCheck {
  /** Looks for a profile header soon, if this address has tries left. */
  schedule(): void;
  /** The address changed: it gets its tries again. */
  reset(): void;
  stop(): void;
}

/** The profile check of one page; `onTagged` runs after the user accepted a suggestion. */
export function createProfileCheck(
  adapter: SiteAdapter,
  ctx: ContentScriptContext,
  ui: InPageUi,
  onTagged: (handle: string) => void,
): ProfileCheck {
  const site = adapter.site;
  let checked: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Tries left for the current address: set at the start and at each navigation (scans call
  // schedule after every slice, so it does not read the address each time).
  let triesLeft = PROFILE_TRIES;
  const check = () => {
    timer = undefined;
    triesLeft--;
    const profile = adapter.readProfile?.(document);
    if (profile) triesLeft = 0;
    const id = profile ? accountKey(profile) : undefined;
    if (!profile || id === checked) return;
    checked = id;
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
            onTagged(profile.handle);
          },
          onIgnore: () => ui.suggest(null),
        });
      })
      .catch((error: unknown) => console.warn('[netra]', error));
  };
  return {
    schedule() {
      if (!adapter.readProfile || timer !== undefined || triesLeft <= 0) return;
      timer = setTimeout(check, PROFILE_SETTLE_MS);
    },
    reset() {
      triesLeft = PROFILE_TRIES;
    },
    stop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
