import { defineBackground } from 'wxt/utils/define-background';
import { startBackground } from '@/lib/background/start';

// Wiring only: every handler, alarm and listener is registered by startBackground.
export default defineBackground({
  type: 'module',
  main() {
    startBackground();
  },
});
