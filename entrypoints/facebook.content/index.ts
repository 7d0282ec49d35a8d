import { defineContentScript } from 'wxt/utils/define-content-script';
import { siteMatchPatterns } from '@/lib/sites/hosts';
import { startContentScript } from '@/lib/scan/content-main';

// Wiring only: the scanner with the facebook adapter.
export default defineContentScript({
  matches: siteMatchPatterns('facebook'),
  runAt: 'document_idle',
  main(ctx) {
    return startContentScript('facebook', ctx);
  },
});
