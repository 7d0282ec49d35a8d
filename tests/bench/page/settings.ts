// The page benchmark's settings: every NETRA_BENCH_* variable (tests/bench/README.md) is read
// here, once, into one typed object that the run passes down. Nothing else in the page bench
// reads the environment. (NETRA_EXTENSION and NETRA_CHROMIUM belong to the harness the e2e tests
// share: tests/e2e/harness.ts, tests/support/chromium.ts.)

/** The sites the page bench has generated feeds for, in the order it runs them. */
export const BENCH_SITES = ['x', 'facebook'] as const;
export type BenchSite = (typeof BENCH_SITES)[number];

/** What one run of the page bench does, from the NETRA_BENCH_* variables. */
export interface PageBenchSettings {
  /** NETRA_BENCH_SITES (comma-separated): the sites to run, in BENCH_SITES order; default all. */
  sites: BenchSite[];
  /** NETRA_BENCH_ROUNDS: alternating rounds of both browsers; each figure is their median. */
  rounds: number;
  /** NETRA_BENCH_PAIRS: pairs of batches per round in the paired measurement, 0 for none. */
  pairs: number;
  /** NETRA_BENCH_PAIRED_ONLY=1: Netra's browser only, the load phase, then the paired measurement. */
  pairedOnly: boolean;
  /** NETRA_BENCH_PAIRED_DEBUG=1: prints every window of the paired measurement. */
  pairedDebug: boolean;
  /**
   * NETRA_BENCH_TRACE=<dir>: full Chrome traces instead of the light ones, kept in <dir>, with the
   * page thread's time by event printed (diagnosis: it slows both browsers).
   */
  traceDir: string | undefined;
  /**
   * The sampling CPU profiler, on only when NETRA_BENCH_PROFILES or NETRA_BENCH_SAMPLING_US is set:
   * at 1 ms it costs the page thread ~20 ms per second in both browsers, noise included.
   */
  profiler: { samplingUs: number; dir: string | undefined } | undefined;
}

export const DEFAULT_ROUNDS = 3;
export const DEFAULT_PAIRS = 24;
// 1 ms: finer sampling costs the page thread itself ~2% of a core (both runs), and noise with it.
export const DEFAULT_SAMPLING_US = 1000;

type Env = Readonly<Record<string, string | undefined>>;

/** A variable's value, with unset and empty (or blank) alike: not given. */
function given(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function wholeNumber(env: Env, name: string, fallback: number): number {
  const raw = given(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`${name}=${raw}: expected a whole number`);
  return n;
}

function onOff(env: Env, name: string): boolean {
  const raw = given(env, name);
  if (raw === undefined || raw === '0') return false;
  if (raw === '1') return true;
  throw new Error(`${name}=${raw}: expected 1 (on) or 0 (off)`);
}

function sitesFrom(env: Env): BenchSite[] {
  const raw = given(env, 'NETRA_BENCH_SITES');
  if (raw === undefined) return [...BENCH_SITES];
  const asked = raw
    .split(',')
    .map((site) => site.trim())
    .filter(Boolean);
  const unknown = asked.filter((site) => !(BENCH_SITES as readonly string[]).includes(site));
  if (unknown.length > 0) {
    throw new Error(
      `NETRA_BENCH_SITES: unknown site ${unknown.join(', ')} (use ${BENCH_SITES.join(' or ')})`,
    );
  }
  return BENCH_SITES.filter((site) => asked.includes(site));
}

/**
 * Reads the page bench's settings from `env` (process.env by default). Throws on a value it cannot
 * read, naming the variable, rather than running a bench that was not asked for.
 */
export function readSettings(env: Env = process.env): PageBenchSettings {
  const samplingUs = wholeNumber(env, 'NETRA_BENCH_SAMPLING_US', DEFAULT_SAMPLING_US);
  if (samplingUs < 1) throw new Error(`NETRA_BENCH_SAMPLING_US=${samplingUs}: expected 1 µs or more`);
  const profilesDir = given(env, 'NETRA_BENCH_PROFILES');
  const profiling = profilesDir !== undefined || given(env, 'NETRA_BENCH_SAMPLING_US') !== undefined;
  return {
    sites: sitesFrom(env),
    rounds: Math.max(1, wholeNumber(env, 'NETRA_BENCH_ROUNDS', DEFAULT_ROUNDS)),
    pairs: Math.max(0, wholeNumber(env, 'NETRA_BENCH_PAIRS', DEFAULT_PAIRS)),
    pairedOnly: onOff(env, 'NETRA_BENCH_PAIRED_ONLY'),
    pairedDebug: onOff(env, 'NETRA_BENCH_PAIRED_DEBUG'),
    traceDir: given(env, 'NETRA_BENCH_TRACE'),
    profiler: profiling ? { samplingUs, dir: profilesDir } : undefined,
  };
}
