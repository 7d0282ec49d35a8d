import { defineContentScript } from 'wxt/utils/define-content-script';
import { startContentScript } from '@/lib/scan/content-main';
import { siteMatchPatterns } from '@/lib/sites/hosts';
import { tiktokAdapter } from '@/lib/sites/tiktok';

// Wiring only: the scanner with the tiktok adapter (imported alone, so each content script carries
// one site's code).
export default defineContentScript({
  matches: siteMatchPatterns('tiktok'),
  runAt: 'document_idle',
  main(ctx) {
    return startContentScript(tiktokAdapter, ctx);
  },
});
