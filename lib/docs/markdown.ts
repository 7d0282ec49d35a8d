// A small Markdown reader for the documents Netra shows in its own pages (docs/PRIVACY.md):
// headings, paragraphs, bullet lists, **bold**, _emphasis_ and `code`. Enough for those
// documents, which a test keeps within it; the result is data, rendered as text (never as HTML).

export type Inline = { kind: 'text' | 'strong' | 'em' | 'code'; text: string };
export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; id: string; content: Inline[] }
  | { type: 'paragraph'; content: Inline[] }
  | { type: 'list'; items: Inline[][] };

const INLINE = /\*\*(.+?)\*\*|`([^`]+)`|(?<![\w])_(.+?)_(?![\w])/g;

/** The inline runs of one paragraph's text. */
export function readInline(text: string): Inline[] {
  const out: Inline[] = [];
  let at = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > at) out.push({ kind: 'text', text: text.slice(at, m.index) });
    if (m[1] !== undefined) out.push({ kind: 'strong', text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: 'code', text: m[2] });
    else out.push({ kind: 'em', text: m[3]! });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ kind: 'text', text: text.slice(at) });
  return out;
}

/** A heading's anchor: lowercase words joined by `-` (`Cara menghapus` → `cara-menghapus`). */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
}

/** The blocks of a document. */
export function readMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: string[][] | null = null;
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ type: 'paragraph', content: readInline(paragraph.join(' ')) });
    if (list) blocks.push({ type: 'list', items: list.map((item) => readInline(item.join(' '))) });
    paragraph = [];
    list = null;
  };
  for (const raw of source.split('\n')) {
    const line = raw.trimEnd();
    const heading = /^(#{1,3}) (.+)$/.exec(line);
    if (line.trim() === '') {
      flush();
    } else if (heading) {
      flush();
      const text = heading[2]!;
      blocks.push({
        type: 'heading',
        level: heading[1]!.length as 1 | 2 | 3,
        id: slug(text),
        content: readInline(text),
      });
    } else if (line.startsWith('- ')) {
      if (paragraph.length > 0) flush();
      list ??= [];
      list.push([line.slice(2)]);
    } else if (list && line.startsWith('  ')) {
      list[list.length - 1]!.push(line.trim());
    } else {
      if (list) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return blocks;
}
