import { defineContentScript } from 'wxt/utils/define-content-script';
import { startContentScript } from '@/lib/scan/content-main';
import { siteMatchPatterns } from '@/lib/sites/hosts';
import { xAdapter } from '@/lib/sites/x';

// Wiring only: the scanner with the x adapter (imported alone, so each content script carries
// one site's code).
export default defineContentScript({
  matches: siteMatchPatterns('x'),
  runAt: 'document_idle',
  main(ctx) {
    return startContentScript(xAdapter, ctx);
  },
});
