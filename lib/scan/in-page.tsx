import { render } from 'preact';
import { FlagPanel, type FlagPanelProps } from '@/components/FlagPanel';
import { SuggestionBanner, type SuggestionBannerProps } from '@/components/SuggestionBanner';
import { categoryLabel } from '@/components/labels';
import { capitalised, stancesOf, stanceWords } from '@/components/stance-words';
import { t } from '../i18n';
import type { Verdict } from '../messaging/protocol';
import type { PostSnapshot } from '../sites/snapshot';
import { MARK_CSS, PANEL_CSS } from './in-page-styles';

/** Whether the page paints a dark background (site themes, not the OS setting, decide). */
export function isDarkPage(doc: Document): boolean {
  const view = doc.defaultView;
  if (!view) return false;
  for (const el of [doc.body, doc.documentElement]) {
    if (!el) continue;
    const match = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(
      view.getComputedStyle(el).backgroundColor,
    );
    if (!match || match[4] === '0') continue;
    const [r, g, b] = [Number(match[1]), Number(match[2]), Number(match[3])];
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.45;
  }
  return false;
}

/**
 * The short label of a mark (icon + text, not colour alone): "ASN · Menyerang Ganjar – Mahfud"
 * for a partisan flag (which candidate, which way), else "ASN · Ujaran kebencian"; "+N" for the
 * other categories.
 */
export function markLabel(verdict: Verdict): string {
  const who = verdict.asn ? t('markAsn') : t('markNotAsn');
  const first = verdict.categories[0];
  if (!first) return who;
  const stance =
    first === 'candidate_support' || first === 'candidate_attack'
      ? stancesOf(verdict.findings)[0]
      : undefined;
  // The stance names one candidate and direction; a second partisan category it covers is not "+1".
  const shown = stance
    ? verdict.categories.filter(
        (c) => c !== (stance.stance === 'support' ? 'candidate_support' : 'candidate_attack'),
      )
    : verdict.categories.slice(1);
  const more = shown.length > 0 ? ` +${shown.length}` : '';
  return `${who} · ${stance ? capitalised(stanceWords(stance)) : categoryLabel(first)}${more}`;
}

const stopPropagation = (event: Event) => event.stopPropagation();

export type PanelActions = Omit<FlagPanelProps, 'post' | 'verdict' | 'onClose'>;

interface MarkState {
  host: HTMLElement;
  button: HTMLButtonElement;
  post: PostSnapshot;
  verdict: Verdict;
}

/**
 * Netra's in-page UI: a small mark next to each flagged post's author, and one overlay per
 * page (a shadow root) that explains a flag and offers its actions. All DOM writes go through
 * here, and the caller runs them in one animation frame.
 */
export class InPageUi {
  private readonly marks = new Map<Element, MarkState>();
  private overlayHost: HTMLElement | undefined;
  private overlayRoot: HTMLElement | undefined;
  private bannerRoot: HTMLElement | undefined;
  private openFor: Element | undefined;
  private dark: boolean;
  /** The marks' shared style sheet; null where constructed sheets cannot be used. */
  private markSheet: CSSStyleSheet | null | undefined;

  constructor(
    private readonly doc: Document,
    private readonly actions: (container: Element, post: PostSnapshot, verdict: Verdict) => PanelActions,
  ) {
    this.dark = isDarkPage(doc);
  }

  /** Marks a flagged post (or updates its mark). */
  mark(container: Element, anchor: Element, post: PostSnapshot, verdict: Verdict): void {
    const existing = this.marks.get(container);
    if (existing?.host.isConnected) {
      existing.post = post;
      existing.verdict = verdict;
      this.paint(existing);
      if (this.openFor === container) this.renderPanel(container);
      return;
    }
    const host = this.doc.createElement('span');
    host.setAttribute('data-netra-mark', verdict.flagKey ?? '');
    const root = host.attachShadow({ mode: 'open' });
    this.styleMark(root);
    const button = this.doc.createElement('button');
    button.type = 'button';
    root.append(button);
    // The site must not see these events: a click inside an X article would open the post.
    for (const type of ['click', 'mousedown', 'pointerdown', 'mouseup', 'pointerup', 'keydown']) {
      host.addEventListener(type, stopPropagation);
    }
    button.addEventListener('click', (event) => {
      event.preventDefault();
      if (!event.isTrusted) return;
      this.open(container);
    });
    const state: MarkState = { host, button, post, verdict };
    this.marks.set(container, state);
    this.paint(state);
    anchor.append(host);
  }

  /**
   * Removes a post's mark (dismissed, or no longer flagged). An open panel about it stays when
   * `keepPanel` (it shows the outcome of the action the user just took there).
   */
  unmark(container: Element, keepPanel = false): void {
    const state = this.marks.get(container);
    if (!state) return;
    state.host.remove();
    this.marks.delete(container);
    if (this.openFor === container && !keepPanel) this.close();
  }

  /** Whether the post has a mark on the page. */
  isMarked(container: Element): boolean {
    return this.marks.has(container);
  }

  /** Updates a mark's verdict (after a dismiss or a report from the panel). */
  update(container: Element, verdict: Verdict): void {
    const state = this.marks.get(container);
    if (!state) return;
    state.verdict = verdict;
    this.paint(state);
  }

  /** Opens the overlay for a marked post. */
  open(container: Element): void {
    this.openFor = container;
    this.renderPanel(container);
  }

  close(): void {
    const state = this.openForState();
    this.openFor = undefined;
    if (this.overlayRoot) render(null, this.overlayRoot);
    if (state?.host.isConnected) state.button.focus();
  }

  /** Hides the overlay without closing it (while an evidence screenshot is taken). */
  hideOverlay(hidden: boolean): void {
    if (this.overlayHost) this.overlayHost.style.visibility = hidden ? 'hidden' : '';
  }

  /** Shows a profile page's "may be ASN" suggestion (one at a time), or hides it with null. */
  suggest(props: SuggestionBannerProps | null): void {
    this.ensureOverlay();
    const root = this.bannerRoot!;
    root.className = isDarkPage(this.doc) ? 'dark' : 'light';
    render(props ? <SuggestionBanner key={props.handle} {...props} /> : null, root);
  }

  destroy(): void {
    if (this.bannerRoot) render(null, this.bannerRoot);
    for (const state of this.marks.values()) state.host.remove();
    this.marks.clear();
    if (this.overlayRoot) render(null, this.overlayRoot);
    this.overlayHost?.remove();
    this.overlayHost = undefined;
  }

  private openForState(): MarkState | undefined {
    return this.openFor ? this.marks.get(this.openFor) : undefined;
  }

  private paint(state: MarkState): void {
    const { verdict } = state;
    const label = markLabel(verdict);
    const suffix = verdict.status === 'reported' ? ` · ${t('markReported')}` : '';
    state.button.textContent = '';
    const icon = this.doc.createElement('span');
    icon.className = 'icon';
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = verdict.asn ? '⚑' : '⚐';
    state.button.append(icon, `${label}${suffix}`);
    state.button.className = verdict.asn ? 'asn' : 'survey';
    state.button.setAttribute('aria-label', t('markOpen', label + suffix));
    state.host.setAttribute('data-netra-category', verdict.categories.join(' '));
    state.host.setAttribute('data-netra-kind', verdict.asn ? 'asn' : 'survey');
    state.host.setAttribute('data-theme', this.dark ? 'dark' : 'light');
  }

  /**
   * Styles a mark's shadow root: with one constructed style sheet shared by every mark where the
   * browser allows it (no style element to parse and match per mark), else a style element.
   */
  private styleMark(root: ShadowRoot): void {
    if (this.markSheet === undefined) {
      try {
        const view = this.doc.defaultView as (Window & typeof globalThis) | null;
        const sheet = view ? new view.CSSStyleSheet() : null;
        sheet?.replaceSync(MARK_CSS);
        this.markSheet = sheet;
      } catch {
        this.markSheet = null;
      }
    }
    if (this.markSheet) {
      try {
        root.adoptedStyleSheets = [this.markSheet];
        return;
      } catch {
        // Firefox content scripts may not hand their sheets to the page's shadow roots.
        this.markSheet = null;
      }
    }
    const style = this.doc.createElement('style');
    style.textContent = MARK_CSS;
    root.append(style);
  }

  private ensureOverlay(): HTMLElement {
    if (this.overlayRoot && this.overlayHost?.isConnected) return this.overlayRoot;
    const host = this.doc.createElement('div');
    host.setAttribute('data-netra-overlay', '');
    const shadow = host.attachShadow({ mode: 'open' });
    const style = this.doc.createElement('style');
    style.textContent = PANEL_CSS;
    const container = this.doc.createElement('div');
    const banner = this.doc.createElement('div');
    shadow.append(style, container, banner);
    this.bannerRoot = banner;
    for (const type of ['click', 'mousedown', 'pointerdown', 'keydown', 'keyup', 'input']) {
      host.addEventListener(type, (event) => event.stopPropagation());
    }
    host.addEventListener('keydown', (event) => {
      if ((event as KeyboardEvent).key === 'Escape') this.close();
    });
    this.doc.documentElement.append(host);
    this.overlayHost = host;
    this.overlayRoot = container;
    return container;
  }

  private renderPanel(container: Element): void {
    const state = this.marks.get(container);
    if (!state) return;
    const root = this.ensureOverlay();
    this.dark = isDarkPage(this.doc);
    root.className = this.dark ? 'dark' : 'light';
    render(
      <FlagPanel
        key={state.verdict.flagKey ?? ''}
        post={state.post}
        verdict={state.verdict}
        onClose={() => this.close()}
        {...this.actions(container, state.post, state.verdict)}
      />,
      root,
    );
    const heading = root.querySelector<HTMLElement>('button.close');
    heading?.focus();
  }
}
