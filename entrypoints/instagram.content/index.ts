import { defineContentScript } from 'wxt/utils/define-content-script';
import { startContentScript } from '@/lib/scan/content-main';
import { siteMatchPatterns } from '@/lib/sites/hosts';
import { instagramAdapter } from '@/lib/sites/instagram';

// Wiring only: the scanner with the instagram adapter (imported alone, so each content script carries
// one site's code).
export default defineContentScript({
  matches: siteMatchPatterns('instagram'),
  runAt: 'document_idle',
  main(ctx) {
    return startContentScript(instagramAdapter, ctx);
  },
});
