import '@/components/base.css';
import { setLocale, t } from '@/lib/i18n';
import { sendFromUi } from '@/lib/messaging/client';

// The printable Bawaslu Form B.1 draft of one report, opened from the popup's queue.
async function main() {
  const app = document.getElementById('app')!;
  const settings = await sendFromUi('ui/getSettings', {});
  setLocale(settings.language);
  document.title = `Netra — ${t('formB1Title')}`;
  const id = new URLSearchParams(location.search).get('id') ?? '';
  try {
    const { html } = await sendFromUi('ui/formB1', { id });
    const bar = document.createElement('p');
    const print = document.createElement('button');
    print.type = 'button';
    print.className = 'primary';
    print.textContent = t('formB1Print');
    const frame = document.createElement('iframe');
    frame.title = t('formB1Title');
    frame.style.cssText = 'width:100%;height:calc(100vh - 80px);border:1px solid var(--line);background:#fff';
    // The draft is self-contained HTML with every user value escaped; sandboxed, no scripts.
    frame.setAttribute('sandbox', 'allow-modals allow-same-origin');
    frame.srcdoc = html;
    print.addEventListener('click', () => frame.contentWindow?.print());
    bar.append(print);
    app.append(bar, frame);
  } catch (error) {
    const p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.textContent = t('errorGeneric', error instanceof Error ? error.message : String(error));
    app.append(p);
  }
}

void main();
