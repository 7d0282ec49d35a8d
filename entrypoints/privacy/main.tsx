import { render } from 'preact';
import '@/components/base.css';
import './style.css';
import { MarkdownDocument } from '@/components/privacy/MarkdownDocument';
import { readMarkdown } from '@/lib/docs/markdown';
import { setLocale, t } from '@/lib/i18n';
import { sendFromUi } from '@/lib/messaging/client';
import policy from '../../docs/PRIVACY.md?raw';

// docs/PRIVACY.md, bundled: the policy the options page links to reads the same offline. It is
// written in both languages; the English half is scrolled to when the UI speaks English.
render(<MarkdownDocument blocks={readMarkdown(policy)} />, document.getElementById('app')!);
void sendFromUi('ui/getSettings', {})
  .then((settings) => {
    setLocale(settings.language);
    document.documentElement.lang = settings.language;
    document.title = `Netra — ${t('privacyTitle')}`;
    if (settings.language === 'en') document.getElementById('english')?.scrollIntoView();
  })
  .catch(() => undefined); // the policy reads the same without the settings
