import { createRegistry, type RegistryOptions } from '../../lib/asn/registry';
import { MemoryStore, type RegistryStore, type StoredChunk } from '../../lib/asn/store';

/** A registry over a fresh memory store, yielding with a microtask so tests stay quick. */
export function createTestRegistry(options: RegistryOptions & { store?: RegistryStore } = {}) {
  const store = options.store ?? new MemoryStore();
  const registry = createRegistry(store, {
    yieldToEventLoop: () => Promise.resolve(),
    yieldEveryMs: 0,
    cleanupDelayMs: 0,
    ...options,
  });
  return { registry, store };
}

/** A watchlist CSV from a header and rows, joined with newlines. */
export function csv(header: string, ...rows: string[]): string {
  return [header, ...rows].join('\n');
}

export const EN_HEADER = 'site,handle,url,name,agency,position,region,nip,source,note';
export const ID_HEADER = 'platform,akun,tautan,nama,instansi,jabatan,wilayah,nip,sumber,catatan';

/** A generated list of `n` distinct X accounts as CSV. */
export function generatedCsv(n: number, prefix = 'pns'): string {
  const rows: string[] = [];
  for (let i = 0; i < n; i++)
    rows.push(`x,${prefix}_${i},,Pegawai ${i},Dinas ${i % 7},Staf,Kab. ${i % 5},,,`);
  return csv(EN_HEADER, ...rows);
}

type Op = 'putRecord' | 'putChunks' | 'deleteChunks';

/** A memory store whose writes fail on demand: `failAt(op, n)` fails the n-th call (1-based) of op. */
export class FaultyStore extends MemoryStore {
  private calls: Record<Op, number> = { putRecord: 0, putChunks: 0, deleteChunks: 0 };
  private failures: Partial<Record<Op, number>> = {};

  failAt(op: Op, n: number): void {
    this.calls[op] = 0;
    this.failures[op] = n;
  }

  heal(): void {
    this.failures = {};
  }

  private check(op: Op): void {
    this.calls[op]++;
    if (this.failures[op] === this.calls[op]) throw new Error(`injected ${op} failure`);
  }

  override async putRecord(name: string, value: unknown): Promise<void> {
    this.check('putRecord');
    return super.putRecord(name, value);
  }
  override async putChunks(chunks: readonly StoredChunk[]): Promise<void> {
    this.check('putChunks');
    return super.putChunks(chunks);
  }
  override async deleteChunks(ids: readonly string[]): Promise<void> {
    this.check('deleteChunks');
    return super.deleteChunks(ids);
  }
}
