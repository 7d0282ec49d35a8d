import { defineContentScript } from 'wxt/utils/define-content-script';
import { startContentScript } from '@/lib/scan/content-main';
import { siteMatchPatterns } from '@/lib/sites/hosts';

// Wiring only: the scanner with the youtube adapter.
export default defineContentScript({
  matches: siteMatchPatterns('youtube'),
  runAt: 'document_idle',
  main(ctx) {
    return startContentScript('youtube', ctx);
  },
});
