import { existsSync, readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Window } from 'happy-dom';
import { SITE_HOSTS } from '../lib/sites/hosts';
import { adapterFor } from '../lib/sites/index';
import { SITE_IDS, type SiteId } from '../lib/sites/types';

// Reads a saved page with a site adapter and prints the PostSnapshots it finds as JSON Lines:
//   npm run --silent extract -- --site x [--url https://x.com/home] page.html
// Snapshots go to stdout; drift, skips and a summary go to stderr. Scripts in the page never run.

const USAGE = `usage: extract --site <${SITE_IDS.join('|')}> [--url URL] [--now ISO] FILE.html

  --site   which adapter reads the page
  --url    the page's address (resolves relative links; tells status pages from timelines).
           Default: the page's canonical link or saved-page comment, else the site's home page.
  --now    capture time to stamp on snapshots (default: now)`;

class UsageError extends Error {}
class InputError extends Error {}

interface Options {
  site: SiteId;
  file: string;
  url?: string;
  now: Date;
}

const ARG_OPTIONS = {
  site: { type: 'string' },
  url: { type: 'string' },
  now: { type: 'string' },
  help: { type: 'boolean' },
} as const;

function parseOptions(argv: string[]): Options {
  const parsed = (() => {
    try {
      return parseArgs({ args: argv, options: ARG_OPTIONS, allowPositionals: true });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  })();
  const { values, positionals } = parsed;
  if (values.help) throw new UsageError('');
  const site = values.site;
  if (site === undefined) throw new UsageError('missing --site');
  if (!(SITE_IDS as readonly string[]).includes(site)) {
    throw new UsageError(`unknown site "${site}" (known: ${SITE_IDS.join(', ')})`);
  }
  if (positionals.length !== 1)
    throw new UsageError(positionals.length === 0 ? 'missing FILE.html' : 'give exactly one FILE.html');
  const file = positionals[0]!;
  if (!existsSync(file)) throw new InputError(`file not found: ${file}`);
  if (!statSync(file).isFile()) throw new InputError(`not a file: ${file}`);
  const url = values.url;
  if (url !== undefined) {
    try {
      new URL(url);
    } catch {
      throw new UsageError(`not a URL: ${url}`);
    }
  }
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime())) throw new UsageError(`not a time: ${values.now}`);
  return { site: site as SiteId, file, url, now };
}

/** The page's own address as saved in it: canonical link, SingleFile or fixture comment. */
export function savedPageUrl(html: string): string | undefined {
  // The canonical link may sit anywhere (a real X thread page has it at 35 kB, issue #18);
  // saved-page comments are only trusted at the top, where savers write them.
  const head = html.slice(0, 20_000);
  const patterns: [RegExp, string][] = [
    [/<link[^>]+rel=["']?canonical["']?[^>]+href=["']([^"']+)["']/i, html],
    [/<link[^>]+href=["']([^"']+)["'][^>]+rel=["']?canonical/i, html],
    [/<!--[^>]*?\burl:\s*(https?:\/\/\S+)/i, head],
    [/<!--\s*Netra test fixture:\s*(https?:\/\/\S+)/i, head],
    [/<!--\s*(https?:\/\/\S+)\s*-->/i, head],
    [/href (https?:\/\/\S+?)\s*;/i, head],
    [/<meta[^>]+property=["']og:url["'][^>]+content=["']([^"']+)["']/i, html],
  ];
  for (const [re, text] of patterns) {
    const match = re.exec(text)?.[1];
    if (match) {
      try {
        return new URL(match.replace(/&amp;/g, '&')).href;
      } catch {
        // Not a URL after all: try the next source.
      }
    }
  }
  return undefined;
}

/** Where the CLI writes: snapshot lines and diagnostics (tests capture both). */
export interface ExtractIo {
  out(line: string): void;
  err(line: string): void;
}

const PROCESS_IO: ExtractIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => console.error(line),
};

/** Run the extractor on command-line arguments; returns the exit code (0 ok, 1 bad input, 2 usage). */
export function runExtract(argv: string[], io: ExtractIo = PROCESS_IO): number {
  let options: Options;
  try {
    options = parseOptions(argv);
  } catch (err) {
    if (err instanceof InputError) {
      io.err(`extract: ${err.message}`);
      return 1;
    }
    if (err instanceof UsageError) {
      if (err.message) io.err(`extract: ${err.message}`);
      io.err(USAGE);
      return 2;
    }
    throw err;
  }
  const html = readFileSync(options.file, 'utf8');
  const url = options.url ?? savedPageUrl(html) ?? `https://${SITE_HOSTS[options.site][0]}/`;
  const window = new Window({
    url,
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      disableComputedStyleRendering: true,
    },
  });
  const doc = window.document as unknown as Document;
  doc.write(html);

  const adapter = adapterFor(options.site);
  const containers = adapter.findPosts(doc);
  let parsed = 0;
  let skipped = 0;
  let drifted = 0;
  let partial = 0;
  const driftNames = new Map<string, number>();
  for (const [index, container] of containers.entries()) {
    const result = adapter.readPost(container, options.now);
    if (result.ok === true) {
      parsed++;
      io.out(JSON.stringify(result.snapshot));
      if (result.partial) {
        partial++;
        for (const name of result.partial) driftNames.set(name, (driftNames.get(name) ?? 0) + 1);
        io.err(
          `partial #${index} <${container.tagName.toLowerCase()}>: kept without ${result.partial.join(', ')}`,
        );
      }
    } else if (result.ok === 'skip') {
      skipped++;
      io.err(`skip #${index} <${container.tagName.toLowerCase()}>: ${result.reason}`);
    } else {
      drifted++;
      for (const name of result.drift) driftNames.set(name, (driftNames.get(name) ?? 0) + 1);
      io.err(`drift #${index} <${container.tagName.toLowerCase()}>: missing ${result.drift.join(', ')}`);
    }
  }
  const profile = adapter.readProfile?.(doc);
  if (profile) io.err(`profile: ${JSON.stringify(profile)}`);
  const byName = [...driftNames].map(([name, n]) => `${name}×${n}`).join(', ');
  io.err(
    `${options.site} ${options.file} at ${url}: posts found ${containers.length}, parsed ${parsed}${partial ? ` (${partial} partial)` : ''}, skipped ${skipped}, drift ${drifted}${byName ? ` (${byName})` : ''}`,
  );
  void window.happyDOM.close();
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `extract … | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  process.exitCode = runExtract(process.argv.slice(2));
}
