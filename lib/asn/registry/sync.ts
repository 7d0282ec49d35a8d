import { readWatchlist } from '../formats';
import { BodyTooLargeError, readCappedText } from '../../net/capped-body';
import { type AsnErrorCode, describeError } from '../messages';
import type { SyncResult } from '../types';
import { importSource } from './import';
import { asAsnError, META, type RegistryState, type StoredList, type StoredMeta } from './state';

// Syncing a watchlist URL: a conditional request, a newer version replaces the synced list, and
// what happened (checked, not modified, failed) is kept with the list for the options page.

const MAX_SYNC_BYTES = 256 * 1024 * 1024;

/** Options of one sync. */
export interface SyncOptions {
  fetch?: typeof fetch;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Largest body read (default 256 MB); tests use a small one. */
  maxBytes?: number;
}

/** Syncs a URL once; a failure keeps the last good list and is recorded with it. */
export async function syncUrl(state: RegistryState, url: string, options: SyncOptions): Promise<SyncResult> {
  const id = `sync:${url}`;
  const result = await syncOnce(state, id, url, options);
  if (result.status === 'error') {
    await recordSyncState(state, id, url, {
      lastError: {
        code: result.code,
        message: result.message,
        messageEn: result.messageEn,
        at: state.now().toISOString(),
      },
    });
  }
  return result;
}

async function syncOnce(
  state: RegistryState,
  id: string,
  url: string,
  options: SyncOptions,
): Promise<SyncResult> {
  const error = (
    code: AsnErrorCode,
    params: Record<string, string | number> = {},
    httpStatus?: number,
  ): SyncResult => ({
    status: 'error',
    listId: id,
    code,
    ...describeError(code, params),
    ...(httpStatus !== undefined && { httpStatus }),
  });
  if (!isSyncUrl(url)) return error('invalid-url', { value: url });
  const held = state.meta.lists.find((l) => l.id === id);
  const hasData = Boolean(held && held.rows > 0 && !state.damaged.has(id));
  const headers: Record<string, string> = { Accept: 'application/json, text/csv;q=0.9, */*;q=0.5' };
  if (hasData && held?.etag) headers['If-None-Match'] = held.etag;
  if (hasData && held?.lastModified) headers['If-Modified-Since'] = held.lastModified;
  const fetchFn = options.fetch ?? state.options.fetch ?? globalThis.fetch;
  const signals = [AbortSignal.timeout(options.timeoutMs ?? 60_000)];
  if (options.signal) signals.push(options.signal);
  let response: Response;
  let body: string;
  try {
    response = await fetchFn(url, {
      headers,
      cache: 'no-store',
      credentials: 'omit',
      signal: AbortSignal.any(signals),
    });
    if (response.status === 304) {
      if (!hasData) return error('http-error', { status: 304 }, 304);
      await recordSyncState(state, id, url, {
        lastCheckedAt: state.now().toISOString(),
        lastError: undefined,
      });
      return {
        status: 'not-modified',
        listId: id,
        ...(held?.version !== undefined && { version: held.version }),
      };
    }
    if (!response.ok) return error('http-error', { status: response.status }, response.status);
    // Read through the cap: a body without (or lying about) Content-Length is cut off at it.
    body = (await readCappedText(response, options.maxBytes ?? MAX_SYNC_BYTES)).text;
  } catch (e) {
    if (e instanceof BodyTooLargeError)
      return error('too-large', {
        max: Math.max(1, Math.round((options.maxBytes ?? MAX_SYNC_BYTES) / 2 ** 20)),
      });
    return error('network-error', { detail: e instanceof Error ? e.message : String(e) });
  }
  const read = readWatchlist(body, 'auto');
  if (!read.ok) return error(read.code, read.params);
  const version = read.source.header.version;
  if (version === undefined) return error('missing-version');
  const validators = {
    ...(response.headers.get('etag') && { etag: response.headers.get('etag')! }),
    ...(response.headers.get('last-modified') && { lastModified: response.headers.get('last-modified')! }),
  };
  if (hasData && held?.version !== undefined) {
    if (version < held.version) return error('version-downgrade', { got: version, held: held.version });
    if (version === held.version) {
      await recordSyncState(state, id, url, {
        ...validators,
        lastCheckedAt: state.now().toISOString(),
        lastError: undefined,
      });
      return { status: 'not-modified', listId: id, version };
    }
  }
  const name = read.source.header.name ?? held?.name ?? new URL(url).hostname;
  try {
    const { report } = await importSource(
      state,
      read.source,
      { id, name, origin: 'url', url },
      {},
      { etag: undefined, lastModified: undefined, ...validators, lastCheckedAt: state.now().toISOString() },
    );
    if (!report.replaced) {
      const first = report.errors[0];
      if (first?.code !== 'too-many-rows') return error('no-valid-rows');
      return {
        status: 'error',
        listId: id,
        code: first.code,
        message: first.message,
        messageEn: first.messageEn,
      };
    }
    return {
      status: 'updated',
      listId: id,
      version,
      imported: report.imported,
      total: report.total,
      errors: report.errors,
    };
  } catch (e) {
    const err = asAsnError(e);
    return error(err.code, { detail: err.message });
  }
}

async function recordSyncState(
  state: RegistryState,
  id: string,
  url: string,
  patch: Partial<StoredList>,
): Promise<void> {
  const held = state.meta.lists.find((l) => l.id === id);
  const base: StoredList = held ?? {
    id,
    name: safeHostname(url),
    origin: 'url',
    kind: 'table',
    url,
    updatedAt: state.now().toISOString(),
    rows: 0,
    chunks: [],
  };
  const next: StoredList = { ...base, ...patch };
  for (const k of Object.keys(next) as (keyof StoredList)[]) if (next[k] === undefined) delete next[k];
  const meta: StoredMeta = { ...state.meta, lists: state.meta.lists.map((l) => (l.id === id ? next : l)) };
  if (!held) meta.lists.push(next);
  try {
    await state.store.putRecord(META, meta);
    state.setLists(meta);
  } catch {
    // the state is informational; the list itself is untouched
  }
}

function isSyncUrl(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:') return true;
    // plain http only to this machine: a local mirror, and the tests
    return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

function safeHostname(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}
