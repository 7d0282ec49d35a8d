import type { TableRow } from './rows';

// How chunks of rows are stored: tab-separated text (cells never hold tabs or newlines, see
// cleanCell), deflated. Agencies, positions and regions repeat on most rows, so deflate shrinks
// a chunk several times over; CompressionStream exists in service workers, Firefox and Node 20.

const FIELDS = 9;

/** Row text of a chunk in the stored field order. */
export function encodeRows(rows: readonly TableRow[]): string {
  const lines: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    lines[i] =
      `${r.key}\t${r.altKey}\t${r.name}\t${r.agency}\t${r.position}\t${r.region}\t${r.nip}\t${r.reference}\t${r.note}`;
  }
  return lines.join('\n');
}

/** Rows back from `encodeRows` text; throws on a line with the wrong number of fields. */
export function decodeRows(text: string): TableRow[] {
  if (text === '') return [];
  const lines = text.split('\n');
  const rows: TableRow[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const f = lines[i]!.split('\t');
    if (f.length !== FIELDS || !f[0]) throw new Error(`stored row ${i + 1} has ${f.length} fields`);
    rows[i] = {
      key: f[0],
      altKey: f[1]!,
      name: f[2]!,
      agency: f[3]!,
      position: f[4]!,
      region: f[5]!,
      nip: f[6]!,
      reference: f[7]!,
      note: f[8]!,
    };
  }
  return rows;
}

async function pipe(data: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // write and drain concurrently; Promise.all also observes the writer's rejection on corrupt data
  const written = writer.write(data as Uint8Array<ArrayBuffer>).then(() => writer.close());
  const [, out] = await Promise.all([written, new Response(stream.readable).arrayBuffer()]);
  return new Uint8Array(out);
}

/** Deflates text for storage. */
export async function compressText(text: string): Promise<Uint8Array> {
  return pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw'));
}

/** Inflates stored bytes back to text; throws on corrupt data. */
export async function decompressText(data: Uint8Array): Promise<string> {
  return new TextDecoder('utf-8', { fatal: true }).decode(
    await pipe(data, new DecompressionStream('deflate-raw')),
  );
}
