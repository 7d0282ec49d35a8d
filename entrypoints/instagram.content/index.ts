import { defineContentScript } from 'wxt/utils/define-content-script';
import { siteMatchPatterns } from '@/lib/sites/hosts';
import { startContentScript } from '@/lib/scan/content-main';

// Wiring only: the scanner with the instagram adapter.
export default defineContentScript({
  matches: siteMatchPatterns('instagram'),
  runAt: 'document_idle',
  main(ctx) {
    return startContentScript('instagram', ctx);
  },
});
