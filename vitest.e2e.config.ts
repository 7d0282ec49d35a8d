import { defineConfig } from 'vitest/config';

// End-to-end tests: the built extension in real Chromium (playwright-core), and the Firefox build
// in real Firefox (puppeteer-core over WebDriver BiDi). One browser at a time: the machine has two
// cores and each browser takes ~400 MB.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts', 'tests/receiver/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // A fresh browser's first page waits for the background to load the registry and compile
    // the rule packs; on a busy 2-core machine that can take seconds.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    maxWorkers: 1,
  },
});
