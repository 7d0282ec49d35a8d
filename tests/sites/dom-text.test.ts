// @vitest-environment happy-dom
import { expect, test } from 'vitest';
import { readText } from '../../lib/sites/dom';
import { loadHtml } from './helpers';

// Issue #18: Facebook draws typed emoticons (`:-)`) as images, some marked aria-hidden, some an
// empty-alt image with the characters in a hidden span; the text skip (aria-hidden, buttons)
// dropped them. Negative cases beside the positive ones: what is skipped stays skipped.
const SKIP = '[role="button"], [aria-hidden="true"], form';
test.each([
  ['<img alt=":-)" src="x">', 'Halo :-) semua'],
  ['<span title=":-)"><img alt="" src="x"><span aria-hidden="true">:-)</span></span>', 'Halo :-) semua'],
  ['<span aria-hidden="true"><img alt=":-)" src="x"></span>', 'Halo :-) semua'],
  ['<img aria-hidden="true" alt="&lt;3" src="x">', 'Halo <3 semua'],
  ['<img alt=":P" src="x"><span aria-hidden="true">:P</span>', 'Halo :P semua'],
  // Not emoticons: skipped as before.
  ['<span aria-hidden="true"> · </span>', 'Halo semua'],
  ['<span aria-hidden="true">teks tersembunyi</span>', 'Halo semua'],
  ['<div role="button">Lihat selengkapnya</div>', 'Halo semua'],
  ['<img alt="" src="x"><span aria-hidden="true">Suka</span>', 'Halo semua'],
  ['<span aria-hidden="true"><img alt="Ikon bola dunia dan privasi" src="x"></span>', 'Halo semua'],
])('%s', (inner, want) => {
  const doc = loadHtml(`<div id="t">Halo ${inner} semua</div>`);
  expect(readText(doc.getElementById('t')!, { whitespace: 'normal', skip: SKIP })).toBe(want);
});
