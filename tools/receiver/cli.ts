import { pathToFileURL } from 'node:url';
import { startReceiver } from './app';
import { CASE_STATUSES, type CaseStatus, listCases } from './cases';
import { exportReports } from './export';
import { DEFAULT_MAX_BODY_BYTES } from './intake';
import { jsonLogger } from './log';
import { DEFAULT_RATE_LIMIT } from './rate-limit';
import { openStore } from './store';
import { addToken, listTokens, revokeToken, TOKEN_ROLES, type TokenRole } from './tokens';

// `npm run receiver -- <command>`: the coordinator's command line (docs/RECEIVER.md). Scripts
// depend on this contract: `token add NAME` prints the new token on its LAST line of stdout.

const USAGE = `Pemakaian: npm run receiver -- <perintah> [opsi]

  serve [--port N] [--host H] [--data DIR] [--behind-proxy]   jalankan receiver (bawaan)
        [--max-body-mb N] [--burst N] [--per-minute N]        batas ukuran dan laju per token
  token add NAME [--role monitor|reviewer] [--data DIR]      terbitkan token (baris terakhir)
  token revoke ID|NAME [--data DIR]                          cabut token
  token list [--data DIR]                                    daftar token
  export --format jsonl|csv [--data DIR]                     satu laporan per baris
  cases [--status received|verified|rejected|forwarded]      daftar kasus
  migrate [--data DIR]                                       terapkan migrasi saja

DATABASE_URL=postgres://… memakai server PostgreSQL, bukan PGlite di --data.`;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
}

function parseArgs(argv: string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const next = argv[i + 1];
      if (arg === '--behind-proxy' || next === undefined || next.startsWith('--')) flags.set(arg, true);
      else {
        flags.set(arg, next);
        i += 1;
      }
    } else positional.push(arg);
  }
  return { positional, flags };
}

function flag(parsed: Parsed, name: string): string | undefined {
  const value = parsed.flags.get(name);
  if (value === true) throw new Error(`${name} perlu nilai`);
  return value;
}

function positiveNumber(parsed: Parsed, name: string, fallback: number): number {
  const raw = flag(parsed, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} harus angka positif: ${raw}`);
  return value;
}

/** Runs one command; resolves to the exit code (serve resolves only when stopped). */
export async function main(argv: string[], io: Io, signal?: AbortSignal): Promise<number> {
  const parsed = parseArgs(argv);
  const [command = 'serve', sub, arg] = parsed.positional;
  if (command === 'help' || parsed.flags.has('--help')) {
    io.out(USAGE);
    return 0;
  }
  const storeOptions = { databaseUrl: io.env.DATABASE_URL || undefined, dataDir: flag(parsed, '--data') };

  if (command === 'serve') {
    const port = Number(flag(parsed, '--port') ?? io.env.PORT ?? 8787);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port tidak valid: ${port}`);
    const db = await openStore(storeOptions);
    const log = jsonLogger((line) => io.out(line.trimEnd()));
    try {
      const server = await startReceiver({
        db,
        port,
        host: flag(parsed, '--host'),
        behindProxy: parsed.flags.has('--behind-proxy'),
        log,
        maxBodyBytes: positiveNumber(parsed, '--max-body-mb', DEFAULT_MAX_BODY_BYTES / 2 ** 20) * 2 ** 20,
        rateLimit: {
          burst: positiveNumber(parsed, '--burst', DEFAULT_RATE_LIMIT.burst),
          perSecond: positiveNumber(parsed, '--per-minute', DEFAULT_RATE_LIMIT.perSecond * 60) / 60,
        },
      });
      log('info', 'listening', { url: server.url, reports: `${server.url}/reports`, database: db.kind });
      await new Promise<void>((resolve) => {
        if (signal?.aborted) resolve();
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      await server.close();
    } finally {
      await db.close();
    }
    return 0;
  }

  if (command === 'export' || command === 'cases') {
    const db = await openStore(storeOptions);
    try {
      if (command === 'cases') {
        const status = flag(parsed, '--status') as CaseStatus | undefined;
        if (status && !CASE_STATUSES.includes(status)) throw new Error(`--status tidak dikenal: ${status}`);
        for (const c of await listCases(db, { status, limit: 10_000 })) {
          io.out(
            `${c.id}\t${c.status}\t${c.postKey}\t${c.reports} laporan\t${c.reporters} pelapor\t${c.categories.join(',')}\t${c.lastSeenAt}`,
          );
        }
        return 0;
      }
      const format = flag(parsed, '--format') ?? 'jsonl';
      if (format !== 'jsonl' && format !== 'csv') throw new Error('--format harus jsonl atau csv');
      await exportReports(db, format, io.out);
      return 0;
    } finally {
      await db.close();
    }
  }

  if (command === 'token' || command === 'migrate') {
    const db = await openStore(storeOptions);
    try {
      if (command === 'migrate') {
        io.out('Migrasi selesai.');
        return 0;
      }
      if (sub === 'add' && arg) {
        const role = (flag(parsed, '--role') ?? 'monitor') as TokenRole;
        if (!TOKEN_ROLES.includes(role))
          throw new Error(`--role harus salah satu dari ${TOKEN_ROLES.join(', ')}`);
        const { token, record } = await addToken(db, arg, role);
        io.err(
          `Token #${record.id} untuk ${record.name} (${record.role}). Simpan sekarang: tidak bisa ditampilkan lagi.`,
        );
        io.out(token);
        return 0;
      }
      if (sub === 'revoke' && arg) {
        const count = await revokeToken(db, arg);
        if (count === 0) {
          io.err(`Tidak ada token aktif dengan id atau nama ${arg}.`);
          return 1;
        }
        io.out(`Dicabut: ${count} token.`);
        return 0;
      }
      if (sub === 'list') {
        for (const t of await listTokens(db)) {
          io.out(
            `${t.id}\t${t.name}\t${t.role}\t${t.createdAt}\t${t.revokedAt ? `dicabut ${t.revokedAt}` : 'aktif'}`,
          );
        }
        return 0;
      }
    } finally {
      await db.close();
    }
  }
  io.err(USAGE);
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const controller = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => controller.abort());
  main(process.argv.slice(2), { out: console.log, err: console.error, env: process.env }, controller.signal)
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    });
}
