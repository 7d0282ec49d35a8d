// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { PackEditor } from '@/components/options/PackEditor';
import { blankCandidate, blankDraft } from '@/components/options/pack-editor-model';
import { SettingsForm, type SettingsFormProps } from '@/components/options/SettingsForm';
import { ImportReportView } from '@/components/options/WatchlistImport';
import type { ImportReport } from '@/lib/asn/types';
import { DEFAULT_SETTINGS } from '@/lib/storage/settings';

// The presentational components: errors next to their field (aria-describedby), nothing sent
// while a field is invalid, permission refusals explained.

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const $ = <T extends Element = HTMLElement>(selector: string) => {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
};

async function type(selector: string, value: string) {
  await act(() => {
    const input = $<HTMLInputElement>(selector);
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function submit(selector = 'form') {
  await act(async () => {
    $(selector).dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
}

async function click(selector: string) {
  await act(async () => {
    $(selector).click();
  });
}

function settingsProps(overrides: Partial<SettingsFormProps> = {}): SettingsFormProps {
  return {
    settings: DEFAULT_SETTINGS,
    onSave: vi.fn(async () => ({ ok: true as const })),
    onTestConnection: vi.fn(async () => ({ ok: true, message: 'Koneksi berhasil (uji).' })),
    onRequestScreenshots: vi.fn(async () => false),
    endpointAccess: null,
    onGrantEndpoint: vi.fn(async () => true),
    ...overrides,
  };
}

describe('SettingsForm', () => {
  test('an invalid endpoint URL is shown next to the field and nothing is saved', async () => {
    const props = settingsProps();
    await act(() => render(<SettingsForm {...props} />, root));
    await type('#endpoint-url', 'http://lapor.example.go.id/netra');
    await submit();
    const input = $<HTMLInputElement>('#endpoint-url');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain('endpoint-url-error');
    expect($('#endpoint-url-error').textContent).toMatch(/https:\/\//);
    expect(props.onSave).not.toHaveBeenCalled();
    expect($('#settings-status').textContent).toMatch(/Belum tersimpan/);
  });

  test('a valid form saves its fields only, trimmed', async () => {
    const props = settingsProps();
    await act(() => render(<SettingsForm {...props} />, root));
    await type('#endpoint-url', ' http://127.0.0.1:8787/reports ');
    await type('#endpoint-token', 'RAHASIA');
    await type('#reporter-name', ' Rina ');
    await submit();
    expect(props.onSave).toHaveBeenCalledWith({
      mode: 'asn',
      language: 'id',
      endpoint: { url: 'http://127.0.0.1:8787/reports', token: 'RAHASIA' },
      reporter: { name: 'Rina', organisation: '', contact: '' },
      screenshots: false,
      retentionDays: 90,
      suggestionsCountAsAsn: false,
    });
    expect($('#settings-status').textContent).toBe('Tersimpan.');
  });

  test('an invalid retention period is shown at its field and nothing is saved', async () => {
    const props = settingsProps();
    await act(() => render(<SettingsForm {...props} />, root));
    await type('#retentionDays', '0');
    await submit();
    expect(props.onSave).not.toHaveBeenCalled();
    expect($('#retentionDays-error').textContent).toBe('Isi angka 1 sampai 3650.');
  });

  test("the background's field errors are shown at their field", async () => {
    const props = settingsProps({
      onSave: vi.fn(async () => ({ ok: false as const, errors: { 'reporter.contact': 'terlalu panjang' } })),
    });
    await act(() => render(<SettingsForm {...props} />, root));
    await submit();
    expect($('#reporter-contact-error').textContent).toBe('terlalu panjang');
    expect($('#reporter-contact').getAttribute('aria-describedby')).toContain('reporter-contact-error');
  });

  test('refused screenshot permission leaves screenshots off and says so', async () => {
    const props = settingsProps();
    await act(() => render(<SettingsForm {...props} />, root));
    await click('#screenshots');
    expect(props.onRequestScreenshots).toHaveBeenCalled();
    expect($<HTMLInputElement>('#screenshots').checked).toBe(false);
    expect($('#screenshots-status').textContent).toMatch(/ditolak/);
  });

  test('granted screenshot permission turns it on in the draft', async () => {
    const props = settingsProps({ onRequestScreenshots: vi.fn(async () => true) });
    await act(() => render(<SettingsForm {...props} />, root));
    await click('#screenshots');
    expect($<HTMLInputElement>('#screenshots').checked).toBe(true);
    await submit();
    expect(props.onSave).toHaveBeenCalledWith(expect.objectContaining({ screenshots: true }));
  });

  test('the connection test needs a URL, then shows the result', async () => {
    const props = settingsProps();
    await act(() => render(<SettingsForm {...props} />, root));
    const button = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Uji koneksi')!;
    await act(async () => button.click());
    expect($('#endpoint-url-error').textContent).toMatch(/Isi alamat endpoint/);
    expect(props.onTestConnection).not.toHaveBeenCalled();
    await type('#endpoint-url', 'https://lapor.example.go.id/netra');
    await act(async () => button.click());
    expect(props.onTestConnection).toHaveBeenCalledWith({ url: 'https://lapor.example.go.id/netra' });
    expect($('#endpoint-test-result').textContent).toBe('Koneksi berhasil (uji).');
  });

  test('missing access to the saved endpoint offers to grant it', async () => {
    const props = settingsProps({ endpointAccess: false });
    await act(() => render(<SettingsForm {...props} />, root));
    expect($('[data-testid=endpoint-access]').textContent).toMatch(/belum punya izin/);
    await click('[data-testid=endpoint-access] button');
    expect(props.onGrantEndpoint).toHaveBeenCalled();
  });
});

test('the import report lists each rejected row with its line', async () => {
  const report: ImportReport = {
    imported: 2,
    total: 4,
    errorCount: 2,
    replaced: true,
    errors: [
      {
        line: 3,
        code: 'unknown-site',
        message: 'Platform tidak dikenal: "myspace"',
        messageEn: 'Unknown site',
      },
      { line: 5, code: 'missing-handle', message: 'Akun kosong', messageEn: 'Handle missing' },
    ],
  };
  await act(() => render(<ImportReportView fileName="asn.csv" report={report} />, root));
  expect($('[data-testid=import-report] p').textContent).toBe('asn.csv: 2 dari 4 baris diimpor.');
  const rows = [...root.querySelectorAll('tbody tr')].map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent),
  );
  expect(rows).toEqual([
    ['3', 'Platform tidak dikenal: "myspace"'],
    ['5', 'Akun kosong'],
  ]);
});

describe('PackEditor', () => {
  test('an invalid hashtag is shown at its field and the pack is not sent', async () => {
    const onSave = vi.fn(async () => ({ ok: true as const, message: 'ok' }));
    const initial = {
      ...blankDraft(),
      id: 'campaign.uji',
      candidates: [{ ...blankCandidate(), name: 'Budi', hashtags: '#Budi2029\n#dua kata' }],
    };
    await act(() =>
      render(<PackEditor initial={initial} startedFrom={null} onSave={onSave} onClose={() => {}} />, root),
    );
    await submit();
    expect(onSave).not.toHaveBeenCalled();
    expect($('#pack-candidates-0-hashtags-error').textContent).toMatch(/baris 2 \("#dua kata"\)/);
    expect($('#pack-candidates-0-hashtags').getAttribute('aria-describedby')).toContain(
      'pack-candidates-0-hashtags-error',
    );
  });

  test('a valid pack is sent as JSON and the background errors are listed', async () => {
    const onSave = vi.fn(async () => ({
      ok: false as const,
      errors: [{ pack: 'campaign.uji (editor)', path: 'candidates[0].accounts[0]', message: 'bad' }],
    }));
    const initial = {
      ...blankDraft(),
      id: 'campaign.uji',
      candidates: [{ ...blankCandidate(), name: 'Budi' }],
    };
    await act(() =>
      render(<PackEditor initial={initial} startedFrom={null} onSave={onSave} onClose={() => {}} />, root),
    );
    await submit();
    expect(onSave).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'campaign.uji',
        kind: 'campaign',
        candidates: [expect.objectContaining({ id: 'budi' })],
      }),
    );
    expect(root.querySelector('.error-list')?.textContent).toMatch(/candidates\[0\]\.accounts\[0\]/);
  });
});
