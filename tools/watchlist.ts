import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { WatchlistFormat } from '../lib/asn/formats';
import { hashWatchlist } from '../lib/asn/hash-list';
import { AsnError } from '../lib/asn/messages';
import { createRegistry } from '../lib/asn/registry';
import { MemoryStore } from '../lib/asn/store';
import type { ImportReport } from '../lib/asn/types';

// watchlist check FILE               prints the import report; exit 1 if any row is bad
// watchlist hash FILE --salt SALT     writes a hashed watchlist (JSON) to stdout
//   [--version N] [--name NAME] [--keep agency,region] [--skip-bad] [--format csv|json]
// The same import code as the extension checks every row.

const USAGE = `Pemakaian / usage:
  watchlist check FILE [--format csv|json]
  watchlist hash FILE --salt SALT [--version N] [--name NAME] [--keep agency,region] [--skip-bad]
`;

/** Where the CLI writes; injectable for tests. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  readFile: (path: string) => string;
  now: () => Date;
}

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, 'utf8'),
  now: () => new Date(),
};

function parseArgs(args: string[]): { positional: string[]; flags: Map<string, string | true> } {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (inline !== undefined) flags.set(name, inline);
    else if (name === 'skip-bad') flags.set(name, true);
    else if (args[i + 1] !== undefined) flags.set(name, args[++i]!);
    else flags.set(name, true);
  }
  return { positional, flags };
}

function formatOf(path: string, flag: string | true | undefined): WatchlistFormat {
  if (flag === 'csv' || flag === 'json') return flag;
  if (/\.json$/i.test(path)) return 'json';
  if (/\.(csv|tsv|txt)$/i.test(path)) return 'csv';
  return 'auto';
}

function printReport(report: ImportReport, write: (text: string) => void): void {
  for (const e of report.errors) write(`baris ${e.line}: [${e.code}] ${e.message} / ${e.messageEn}\n`);
  write(
    `${report.imported} dari ${report.total} baris sah, ${report.errorCount} bermasalah / ` +
      `${report.imported} of ${report.total} rows valid, ${report.errorCount} bad\n`,
  );
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[] = process.argv.slice(2), io: CliIo = defaultIo): Promise<number> {
  const { positional, flags } = parseArgs(argv);
  const [command, file] = positional;
  if (!command || !file || (command !== 'check' && command !== 'hash')) {
    io.err(USAGE);
    return 2;
  }
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    io.err(`Tidak bisa membaca ${file} / cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const format = formatOf(file, flags.get('format'));
  try {
    if (command === 'check') {
      const registry = createRegistry(new MemoryStore());
      const report = await registry.importWatchlist(text, format, { maxErrors: Number.POSITIVE_INFINITY });
      printReport(report, io.out);
      return report.errorCount > 0 || !report.replaced ? 1 : 0;
    }
    const salt = flags.get('salt');
    if (typeof salt !== 'string') {
      io.err(`--salt wajib / --salt is required (e.g. --salt "$(openssl rand -hex 16)")\n${USAGE}`);
      return 2;
    }
    const versionFlag = flags.get('version');
    // seconds since the epoch: a list hashed later is always newer
    const version =
      typeof versionFlag === 'string' ? Number(versionFlag) : Math.floor(io.now().getTime() / 1000);
    const keepFlag = flags.get('keep');
    const keep = typeof keepFlag === 'string' ? keepFlag.split(',').map((s) => s.trim()) : [];
    if (keep.some((k) => k !== 'agency' && k !== 'region')) {
      io.err(`--keep hanya agency,region / --keep takes agency,region\n`);
      return 2;
    }
    const name = flags.get('name');
    const { report, list } = await hashWatchlist(text, format, {
      salt,
      version,
      ...(typeof name === 'string' && { name }),
      keep: keep as ('agency' | 'region')[],
      now: io.now(),
    });
    printReport(report, io.err);
    if (!list || (report.errorCount > 0 && !flags.has('skip-bad'))) {
      if (list)
        io.err(
          'Ada baris bermasalah; perbaiki atau pakai --skip-bad / bad rows: fix them or use --skip-bad\n',
        );
      return 1;
    }
    io.out(`${JSON.stringify(list)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof AsnError) {
      io.err(`[${e.code}] ${e.message} / ${e.messageEn}\n`);
      return 2;
    }
    throw e;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then((code) => {
    process.exitCode = code;
  });
}
