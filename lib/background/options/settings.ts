import { type FieldIssue, type SettingsUpdateResult } from '../../messaging/options-protocol';
import type { MessageRouter } from '../../messaging/router';
import { endpointProblem, testConnection } from '../../reports/endpoint';
import { settingsItem } from '../../storage/items';
import { type Settings, SettingsSchema } from '../../storage/settings';
import { netraVersion } from '../services';

// The options page's settings section: changes validated as a whole, and the endpoint test.

const TEST_TIMEOUT_MS = 20_000;

/** Runs settings writes one at a time, so two patches never overwrite each other. */
let settingsTail: Promise<unknown> = Promise.resolve();
export function serially<T>(fn: () => Promise<T>): Promise<T> {
  const run = settingsTail.then(fn, fn);
  settingsTail = run.catch(() => undefined);
  return run;
}

function issuesOf(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(settings)',
    message: issue.message,
  }));
}

/** Problems the endpoint client would refuse to send with, by field. */
function endpointIssues(endpoint: Settings['endpoint']): FieldIssue[] {
  if (!endpoint) return [];
  const urlProblem = endpointProblem({ url: endpoint.url });
  if (urlProblem) return [{ path: 'endpoint.url', message: urlProblem }];
  const tokenProblem = endpointProblem(endpoint);
  return tokenProblem ? [{ path: 'endpoint.token', message: tokenProblem }] : [];
}

/** Validates a whole settings value the way every options change must pass. */
export function checkSettings(
  value: unknown,
): { ok: true; settings: Settings } | { ok: false; issues: FieldIssue[] } {
  const parsed = SettingsSchema.safeParse(value);
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) };
  const issues = endpointIssues(parsed.data.endpoint);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, settings: parsed.data };
}

function updateSettings(patch: Record<string, unknown>): Promise<SettingsUpdateResult> {
  return serially(async () => {
    const known = new Set(Object.keys(SettingsSchema.shape));
    const unknown = Object.keys(patch).filter((key) => !known.has(key));
    if (unknown.length > 0) {
      return {
        ok: false,
        issues: unknown.map((path) => ({ path, message: 'pengaturan tidak dikenal / unknown setting' })),
      };
    }
    const checked = checkSettings({ ...(await settingsItem.get()), ...patch });
    if (!checked.ok) return checked;
    await settingsItem.set(checked.settings);
    return { ok: true, settings: checked.settings };
  });
}

/** Registers the settings section's handlers. */
export function registerSettingsHandlers(router: MessageRouter): void {
  router
    .on('ui', 'options/updateSettings', ({ patch }) => updateSettings(patch))
    .on('ui', 'options/testConnection', ({ endpoint }) =>
      testConnection(endpoint, {
        fetch: (...args) => fetch(...args),
        timeoutMs: TEST_TIMEOUT_MS,
        netraVersion: netraVersion(),
      }),
    );
}
