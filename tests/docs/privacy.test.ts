import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { type Block, readInline, readMarkdown, slug } from '@/lib/docs/markdown';
import config from '../../wxt.config';

// docs/PRIVACY.md is shown in the extension (entrypoints/privacy) by a small Markdown reader;
// these tests keep the document within what it reads, and keep the policy in step with what the
// manifest declares.

const POLICY = readFileSync(resolve(import.meta.dirname, '../../docs/PRIVACY.md'), 'utf8');
const textOf = (blocks: Block[]) =>
  blocks
    .flatMap((b) => (b.type === 'list' ? b.items.flat() : b.content))
    .map((run) => run.text)
    .join(' ');

describe('markdown reader', () => {
  test.each([
    ['plain', 'a b', [{ kind: 'text', text: 'a b' }]],
    [
      'bold, code, emphasis',
      '**A** `b` _c_',
      [
        { kind: 'strong', text: 'A' },
        { kind: 'text', text: ' ' },
        { kind: 'code', text: 'b' },
        { kind: 'text', text: ' ' },
        { kind: 'em', text: 'c' },
      ],
    ],
    ['underscores inside words stay', 'storage_local x', [{ kind: 'text', text: 'storage_local x' }]],
  ])('inline: %s', (_name, text, expected) => {
    expect(readInline(text)).toEqual(expected);
  });

  test('blocks: headings, paragraphs over lines, lists with continued items', () => {
    const blocks = readMarkdown('# T\n\none\ntwo\n\n- a\n  b\n- c\nafter\n');
    expect(blocks.map((b) => b.type)).toEqual(['heading', 'paragraph', 'list', 'paragraph']);
    expect(blocks[1]).toEqual({ type: 'paragraph', content: [{ kind: 'text', text: 'one two' }] });
    expect(blocks[2]).toEqual({
      type: 'list',
      items: [[{ kind: 'text', text: 'a b' }], [{ kind: 'text', text: 'c' }]],
    });
  });

  test.each([
    ['Cara menghapus', 'cara-menghapus'],
    ['What leaves the browser, to whom, and when', 'what-leaves-the-browser-to-whom-and-when'],
  ])('slug %s', (text, expected) => expect(slug(text)).toBe(expected));
});

describe('docs/PRIVACY.md', () => {
  const blocks = readMarkdown(POLICY);

  test('uses only what the reader renders (no links, tables, quotes or numbered lists)', () => {
    expect(POLICY).not.toMatch(/\]\(|^\s*\||^>|^\d+\. |<[a-z]/m);
    expect(textOf(blocks)).not.toMatch(/\*\*|`/);
  });

  test('Indonesian first, then English, each with the same sections', () => {
    const h2 = blocks
      .filter((b) => b.type === 'heading' && b.level === 2)
      .map((b) => b.type === 'heading' && b.id);
    expect(h2).toEqual(['bahasa-indonesia', 'english']);
    const h3 = blocks.filter((b) => b.type === 'heading' && b.level === 3);
    expect(h3).toHaveLength(12);
  });

  test.each([
    ['the law, UU 27/2022', /Nomor 27 Tahun 2022/],
    ['the endpoint', /endpoint/],
    ['how to delete everything', /Hapus semua data/],
  ])('names %s', (_what, pattern) => {
    expect(textOf(blocks)).toMatch(pattern);
  });

  test('says, in both languages, each kind of data the Firefox manifest declares', async () => {
    const manifest = await (
      config.manifest as (env: { browser: string }) => Promise<Record<string, unknown>>
    )({
      browser: 'firefox',
    });
    const declared = (
      manifest.browser_specific_settings as { gecko: { data_collection_permissions: { required: string[] } } }
    ).gecko.data_collection_permissions.required;
    const words: Record<string, [RegExp, RegExp]> = {
      websiteContent: [/isi situs web/, /website content/],
      personalCommunications: [/komunikasi pribadi/, /personal communications/],
      browsingActivity: [/aktivitas penjelajahan/, /browsing activity/],
      personallyIdentifyingInfo: [/mengidentifikasi pribadi/, /personally identifying information/],
    };
    for (const type of declared) {
      expect(words[type], type).toBeDefined();
      for (const re of words[type]!) expect(POLICY).toMatch(re);
    }
  });
});
