#!/usr/bin/env bash
# `npm test`: everything a reviewer needs, in order, stopping at the first failure:
# types, lint, format, unit tests, the Chrome and Firefox builds (+ web-ext lint), and the
# end-to-end tests in real Chromium against the Chrome build (and the core journey in real Firefox
# against the Firefox build, on each Firefox ESR found: tests/support/fetch-firefoxes.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step 'Types (tsc --noEmit)'
npx tsc --noEmit

step 'Lint (eslint) and format (prettier)'
npx eslint --max-warnings 0 .
npx prettier --check .

step 'Unit tests (vitest + fake browser)'
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/unit.json"

step 'Build: Chrome/Edge MV3'
npx wxt build

step 'Build: Firefox + web-ext lint'
npx wxt build -b firefox
npx tsx tools/lint-firefox.ts   # fails on any warning it does not explain

step 'Firefox versions to test (the installed ESR and the others Debian offers)'
npx tsx tests/support/fetch-firefoxes.ts

step 'End-to-end tests (the built extensions in Chromium and Firefox)'
npx vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json="$results/e2e.json"

node -e '
  const fs = require("node:fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const f of process.argv.slice(1)) {
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + (r.numTodoTests || 0);
  }
  console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$results/unit.json" "$results/e2e.json"
