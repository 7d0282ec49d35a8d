import { defineConfig } from 'vitest/config';
import e2e from '../../vitest.e2e.config';

// The receiver's real-Chromium test (extension.e2e.ts), with the e2e suite's settings. It lives
// here, beside the receiver's other tests; `npx wxt build` first. (Not mergeConfig: that would
// append to the suite's include and run every e2e test.)
export default defineConfig({ ...e2e, test: { ...e2e.test, include: ['tests/receiver/**/*.e2e.ts'] } });
