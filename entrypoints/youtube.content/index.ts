import { defineContentScript } from 'wxt/utils/define-content-script';
import { startContentScript } from '@/lib/scan/content-main';
import { siteMatchPatterns } from '@/lib/sites/hosts';
import { youtubeAdapter } from '@/lib/sites/youtube';

// Wiring only: the scanner with the youtube adapter (imported alone, so each content script carries
// one site's code).
export default defineContentScript({
  matches: siteMatchPatterns('youtube'),
  runAt: 'document_idle',
  main(ctx) {
    return startContentScript(youtubeAdapter, ctx);
  },
});
