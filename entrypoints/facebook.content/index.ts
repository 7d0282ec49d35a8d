import { defineContentScript } from 'wxt/utils/define-content-script';
import { startContentScript } from '@/lib/scan/content-main';
import { siteMatchPatterns } from '@/lib/sites/hosts';
import { facebookAdapter } from '@/lib/sites/facebook';

// Wiring only: the scanner with the facebook adapter (imported alone, so each content script carries
// one site's code).
export default defineContentScript({
  matches: siteMatchPatterns('facebook'),
  runAt: 'document_idle',
  main(ctx) {
    return startContentScript(facebookAdapter, ctx);
  },
});
