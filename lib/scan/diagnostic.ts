// "Salin cuplikan diagnostik": one post's HTML with its structure and the attributes selectors
// use, but no personal text, so a user can send it to maintainers when a site changes.

const KEPT_ATTRIBUTES = /^(data-testid|data-e2e|role|aria-[a-z]+|dir|lang|datetime|id|href|tabindex|type)$/;
const DROPPED_ELEMENTS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'IFRAME', 'OBJECT', 'EMBED']);
const KEPT_PATH_WORDS = new Set([
  'status',
  'photo',
  'video',
  'posts',
  'permalink',
  'p',
  'reel',
  'watch',
  'groups',
  'user',
  'channel',
  'analytics',
]);

/** Letters become x and digits 0, so lengths and shapes survive but the words do not. */
export function maskText(text: string): string {
  return text.replace(/\p{L}/gu, 'x').replace(/\p{N}/gu, '0');
}

function maskHref(href: string): string {
  try {
    const url = new URL(href, 'https://example.invalid');
    const path = url.pathname
      .split('/')
      .map((part) => (KEPT_PATH_WORDS.has(part) ? part : maskText(part)))
      .join('/');
    // forEach: Firefox's content-script sandbox cannot iterate searchParams with a spread.
    const keys: string[] = [];
    url.searchParams.forEach((_value, key) => keys.push(`${key}=…`));
    const params = keys.join('&');
    return path + (params ? `?${params}` : '');
  } catch {
    return '…';
  }
}

function maskAttribute(name: string, value: string): string {
  if (name === 'href') return maskHref(value);
  if (name === 'aria-label' || name === 'aria-description') return maskText(value);
  if (name === 'id') return /^\d+$/.test(value) ? maskText(value) : value;
  return value;
}

/** A sanitised copy of `container`'s HTML (masked text, allow-listed attributes, no scripts). */
export function diagnosticSnippet(container: Element, maxLength = 50_000): string {
  const copy = container.cloneNode(true) as Element;
  const walker = copy.ownerDocument.createTreeWalker(copy, 1 | 4);
  const drop: Node[] = [];
  for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
    if (node.nodeType === 3) {
      node.textContent = maskText(node.textContent ?? '');
      continue;
    }
    const el = node as Element;
    if (DROPPED_ELEMENTS.has(el.tagName) || el.hasAttribute('data-netra-mark')) {
      drop.push(el);
      continue;
    }
    for (const attr of Array.from(el.attributes)) {
      if (!KEPT_ATTRIBUTES.test(attr.name)) el.removeAttribute(attr.name);
      else el.setAttribute(attr.name, maskAttribute(attr.name, attr.value));
    }
    if (el.tagName === 'IMG') el.setAttribute('alt', maskText(el.getAttribute('alt') ?? ''));
  }
  for (const node of drop) node.parentNode?.removeChild(node);
  const html = copy.outerHTML;
  return html.length > maxLength ? `${html.slice(0, maxLength)}<!-- truncated -->` : html;
}
