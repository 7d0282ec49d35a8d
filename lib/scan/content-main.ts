import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { setLocale } from '../i18n';
import { sendFromContent } from '../messaging/client';
import type { SiteId } from '../sites/types';

/** Runs Netra in one page of a supported site until the content script is invalidated. */
export async function startContentScript(site: SiteId, ctx: ContentScriptContext): Promise<void> {
  const hello = await sendFromContent('content/hello', { site, url: location.href });
  if (ctx.isInvalid) return;
  setLocale(hello.language);
  await sendFromContent('content/health', {
    site,
    url: location.href,
    seen: 0,
    parsed: 0,
    drift: 0,
    driftNames: [],
    flagged: 0,
    updatedAt: new Date().toISOString(),
  });
}
