import type { Author } from './snapshot';

// Pure DOM helpers shared by the site adapters. No extension APIs here: the adapters also run in
// node (tools/extract.ts) over a happy-dom window.

/** A site's selectors: each logical name maps to ordered CSS alternatives. */
export type SelectorTable<K extends string = string> = { readonly [P in K]: readonly string[] };

/**
 * Resolves logical selector names against a table. `first` honours the order of alternatives
 * (the first alternative that matches wins); `all`, `matches` and `closest` take the union,
 * which keeps document order and lets mixed layouts on one page (A/B tests) all be found.
 */
export class Selectors<K extends string> {
  private readonly joined = new Map<K, string>();
  private readonly unions = new Map<string, string>();

  constructor(readonly table: SelectorTable<K>) {
    for (const name of Object.keys(table) as K[]) this.joined.set(name, table[name].join(', '));
  }

  /** The first element under `root` matching the first alternative that matches anything. */
  first(root: ParentNode, name: K): Element | null {
    for (const alt of this.table[name]) {
      const found = root.querySelector(alt);
      if (found) return found;
    }
    return null;
  }

  /**
   * Every match under `root`, alternative by alternative (each in document order, no repeats):
   * callers that pick one element after filtering still honour the alternatives' order.
   */
  ordered(root: ParentNode, name: K): Element[] {
    const alts = this.table[name];
    if (alts.length === 1 && alts[0]) return Array.from(root.querySelectorAll(alts[0]));
    const seen = new Set<Element>();
    for (const alt of alts) for (const el of Array.from(root.querySelectorAll(alt))) seen.add(el);
    return [...seen];
  }

  /** Every element under `root` matching any alternative, in document order. */
  all(root: ParentNode, name: K): Element[] {
    const sel = this.joined.get(name);
    return sel ? Array.from(root.querySelectorAll(sel)) : [];
  }

  /**
   * Every element under `root` matching any alternative of any of `names`, in document order:
   * one search of the subtree where `all` per name would make one each.
   */
  allOf(root: ParentNode, names: readonly K[]): Element[] {
    const key = names.join('\n');
    let sel = this.unions.get(key);
    if (sel === undefined) {
      sel = names.flatMap((name) => this.table[name]).join(', ');
      this.unions.set(key, sel);
    }
    return sel ? Array.from(root.querySelectorAll(sel)) : [];
  }

  /** Whether `el` itself matches any alternative. */
  matches(el: Element, name: K): boolean {
    const sel = this.joined.get(name);
    return sel ? el.matches(sel) : false;
  }

  /** The nearest ancestor-or-self of `el` matching any alternative. */
  closest(el: Element, name: K): Element | null {
    const sel = this.joined.get(name);
    return sel ? el.closest(sel) : null;
  }
}

/** Every selector in a table that the DOM refuses to parse, as `name: selector` strings. */
export function invalidSelectors(table: SelectorTable, doc: Document): string[] {
  const probe = doc.createDocumentFragment();
  const bad: string[] = [];
  for (const [name, alts] of Object.entries(table)) {
    for (const alt of alts) {
      try {
        probe.querySelector(alt);
      } catch {
        bad.push(`${name}: ${alt}`);
      }
    }
  }
  return bad;
}

/** `root` itself (when it is an element that matches) plus every match below it. */
export function selfAndBelow<K extends string>(root: ParentNode, sel: Selectors<K>, name: K): Element[] {
  const below = sel.all(root, name);
  if (isElement(root) && sel.matches(root, name)) return [root, ...below];
  return below;
}

/** Narrow a node to an Element without relying on a global `Element` (node has none). */
export function isElement(node: unknown): node is Element {
  return typeof node === 'object' && node !== null && (node as Node).nodeType === 1;
}

const BLOCK_TAGS = new Set(['P', 'DIV', 'LI', 'UL', 'OL', 'BLOCKQUOTE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
const SILENT_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'svg', 'SVG', 'BUTTON']);

export interface TextOptions {
  /** CSS of descendants to leave out ("See more" buttons, nested comments). */
  skip?: string;
  /**
   * `pre`: the site renders with `white-space: pre-wrap` (X, YouTube, TikTok): keep newlines in
   * text nodes. `normal`: HTML whitespace collapses and block elements break lines (Facebook).
   */
  whitespace?: 'pre' | 'normal';
}

/**
 * The text a reader sees in `el`: text nodes, emoji images by their `alt` (X and Facebook draw
 * emoji as `<img alt="✌️">`), `<br>` as a newline. Markup inside text is never interpreted: a
 * post that says `<script>` yields the characters `<script>`.
 */
export function readText(el: Element, opts: TextOptions = {}): string {
  const normal = opts.whitespace === 'normal';
  const parts: string[] = [];
  const walk = (node: Node): void => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        const data = (child as Text).data;
        parts.push(normal ? data.replace(/[ \t\r\n\f]+/g, ' ') : data);
        continue;
      }
      if (child.nodeType !== 1) continue;
      const elem = child as Element;
      const tag = elem.tagName;
      // Netra's own marks and overlays (shadow hosts) are never part of a post's text.
      if (
        SILENT_TAGS.has(tag) ||
        elem.hasAttribute('data-netra-mark') ||
        elem.hasAttribute('data-netra-overlay')
      ) {
        continue;
      }
      if (opts.skip && elem.matches(opts.skip)) {
        // Facebook draws text emoticons as images marked aria-hidden, or as an empty-alt image
        // with the characters in a hidden span beside it: the author typed them, keep them.
        const emoticon = emoticonOf(elem);
        if (emoticon) parts.push(emoticon);
        continue;
      }
      if (tag === 'IMG') {
        parts.push(elem.getAttribute('alt') ?? '');
        continue;
      }
      if (tag === 'BR') {
        parts.push('\n');
        continue;
      }
      const block = normal && BLOCK_TAGS.has(tag);
      if (block) parts.push('\n');
      walk(elem);
      if (block) parts.push('\n');
    }
  };
  walk(el);
  return tidyText(parts.join(''), normal);
}

const SHORT = 8;
// A typed emoticon: :-) ;) :D :P :( :'( :O =) 8-) <3 ^_^ -_- :3 :* :/ :|
const EMOTICON = /^(?:[:;=8xX][-'^o]?[)(\][DPpOo3*/\\|]|<3|\^_?\^|-_-|o\.O|O\.o)$/;

/**
 * The characters a skipped element stands for when it is an emoticon: an image with a short
 * `alt` (itself, or alone in a hidden wrapper), or hidden emoticon text right after an image
 * without `alt`. Undefined for anything else (buttons, icons with labels, hidden prose).
 */
function emoticonOf(el: Element): string | undefined {
  const altOf = (img: Element) => {
    const alt = img.getAttribute('alt')?.trim();
    return alt && alt.length <= SHORT ? alt : undefined;
  };
  if (el.tagName === 'IMG') return altOf(el);
  const only = el.children.length === 1 ? el.firstElementChild : null;
  if (only?.tagName === 'IMG' && !nonEmpty(el.textContent)) return altOf(only);
  const text = el.children.length === 0 ? el.textContent?.trim() : undefined;
  const prev = el.previousElementSibling;
  if (text && EMOTICON.test(text) && prev?.tagName === 'IMG' && !prev.getAttribute('alt')?.trim())
    return text;
  return undefined;
}

function tidyText(text: string, normal: boolean): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const tidy = normal
    ? lines.map((line) => line.replace(/ {2,}/g, ' ').trim())
    : lines.map((l) => l.trimEnd());
  return tidy
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// The last page address parsed: every post on a page asks for the same one (X reads it for each
// post, to find a status page's focal post), and parsing it each time showed in the page bench's
// profiles.
let lastPage: { href: string; url: Readonly<URL> | undefined } | undefined;

/** The page's own URL when it is a web URL, else undefined (about:blank in tests). Read-only: shared. */
export function pageUrl(doc: Document | null | undefined): Readonly<URL> | undefined {
  const href = doc?.URL ?? doc?.location?.href;
  if (!href) return undefined;
  if (lastPage?.href === href) return lastPage.url;
  let url: URL | undefined;
  try {
    url = new URL(href);
  } catch {
    url = undefined;
  }
  if (url && url.protocol !== 'https:' && url.protocol !== 'http:') url = undefined;
  lastPage = { href, url };
  return url;
}

// The base of the last page asked about: every link of a page resolves against the same one.
let lastBase: { page: string | undefined; origin: string; base: string } | undefined;

/** What links on `doc` resolve against: its address (http or https), else the site's origin. */
function baseOf(doc: Document | null, origin: string): string {
  const page = doc?.URL ?? doc?.location?.href;
  if (!lastBase || lastBase.page !== page || lastBase.origin !== origin) {
    lastBase = { page, origin, base: pageUrl(doc)?.href ?? origin };
  }
  return lastBase.base;
}

/** `href` resolved against the page URL, or against the site's origin when the page has none. */
export function absoluteUrl(
  href: string | null | undefined,
  doc: Document | null,
  origin: string,
): string | undefined {
  if (!href || href === '#' || href.startsWith('javascript:')) return undefined;
  try {
    const url = new URL(href, baseOf(doc, origin));
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** An ISO-8601 timestamp for a `datetime` attribute or epoch seconds, or undefined if unparseable. */
export function toIso(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Trimmed text or undefined when empty, for optional fields. */
export function nonEmpty(text: string | null | undefined): string | undefined {
  const t = text?.trim();
  return t ? t : undefined;
}

/** An author object without undefined keys (snapshots are compared and stored as JSON). */
export function makeAuthor(handle: string, id?: string, displayName?: string): Author {
  const author: Author = { handle };
  if (id) author.id = id;
  // Names come from text nodes that may hold raw newlines and runs of spaces.
  const name = displayName?.replace(/\s+/g, ' ').trim();
  if (name) author.displayName = name;
  return author;
}

/** Drop keys whose value is undefined, so snapshots stay minimal and stable. */
export function compact<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as (keyof T)[]) {
    if (obj[key] === undefined) delete obj[key];
  }
  return obj;
}

/** Elements of `els` that are not inside another element of `els` (outermost only). */
export function outermost(els: Element[]): Element[] {
  const set = new Set(els);
  return els.filter((el) => {
    for (let p = el.parentElement; p; p = p.parentElement) if (set.has(p)) return false;
    return true;
  });
}

/** Whether `a` comes before `b` in document order. */
export function precedes(a: Node, b: Node): boolean {
  // 4 = DOCUMENT_POSITION_FOLLOWING: b follows a.
  return (a.compareDocumentPosition(b) & 4) !== 0;
}
