// How lists are stored. A chunk record holds exactly what the in-memory table holds, so loading
// is a copy, not a parse:
// - table chunk: deflate( u32 rows | u32 textBytes | UTF-8 row text | u32[rows*3] dictionary ids )
//   where the row text is the table's "key\talt\tname\tnip\treference\tnote\n" per row;
// - hashed chunk (not deflated: hashes are random bytes): u32 rows | rows*32 hash bytes |
//   u32[rows*2] dictionary ids;
// - dictionary record of a list: deflate( JSON array of strings ) — agencies, positions, regions,
//   each stored once per list instead of once per row.
// Integers are little-endian. Deflate runs in CompressionStream (service workers, Firefox,
// Node 20), off the main thread.

const HEADER = 8;
const HASH_BYTES = 32;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function header(a: number, b: number): Uint8Array {
  const h = new Uint8Array(HEADER);
  const view = new DataView(h.buffer);
  view.setUint32(0, a, true);
  view.setUint32(4, b, true);
  return h;
}

function u32Bytes(values: Uint32Array): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setUint32(i * 4, values[i]!, true);
  return out;
}

function readU32s(bytes: Uint8Array, at: number, count: number): Uint32Array {
  if (at + count * 4 > bytes.byteLength) throw new Error('stored chunk is truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, count * 4);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getUint32(i * 4, true);
  return out;
}

/** A table chunk's payload (before deflate), from row text encoded as UTF-8. */
export function tableChunkPayload(textBytes: Uint8Array, dicts: Uint32Array, rows: number): Uint8Array {
  return concat([header(rows, textBytes.byteLength), textBytes, u32Bytes(dicts)]);
}

/** A table chunk back from its payload; throws if it is inconsistent. */
export function decodeTableChunk(bytes: Uint8Array): { text: string; dicts: Uint32Array; rows: number } {
  if (bytes.byteLength < HEADER) throw new Error('stored chunk is truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER);
  const rows = view.getUint32(0, true);
  const textLength = view.getUint32(4, true);
  if (HEADER + textLength + rows * 12 !== bytes.byteLength)
    throw new Error('stored chunk has the wrong size');
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(HEADER, HEADER + textLength));
  return { text, dicts: readU32s(bytes, HEADER + textLength, rows * 3), rows };
}

/** A hashed chunk's payload. */
export function encodeHashedChunk(hashes: Uint8Array, dicts: Uint32Array, rows: number): Uint8Array {
  return concat([header(rows, 0), hashes, u32Bytes(dicts)]);
}

/** A hashed chunk back from its payload; throws if it is inconsistent. */
export function decodeHashedChunk(bytes: Uint8Array): {
  hashes: Uint8Array;
  dicts: Uint32Array;
  rows: number;
} {
  if (bytes.byteLength < HEADER) throw new Error('stored chunk is truncated');
  const rows = new DataView(bytes.buffer, bytes.byteOffset, HEADER).getUint32(0, true);
  if (HEADER + rows * (HASH_BYTES + 8) !== bytes.byteLength)
    throw new Error('stored chunk has the wrong size');
  const hashes = bytes.slice(HEADER, HEADER + rows * HASH_BYTES);
  return { hashes, dicts: readU32s(bytes, HEADER + rows * HASH_BYTES, rows * 2), rows };
}

async function pipe(data: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // write and drain concurrently; Promise.all also observes the writer's rejection on corrupt data
  const written = writer.write(data as Uint8Array<ArrayBuffer>).then(() => writer.close());
  const [, out] = await Promise.all([written, new Response(stream.readable).arrayBuffer()]);
  return new Uint8Array(out);
}

/** Deflates bytes for storage. */
export function compressBytes(data: Uint8Array): Promise<Uint8Array> {
  return pipe(data, new CompressionStream('deflate-raw'));
}

/** Inflates stored bytes; throws on corrupt data. */
export function decompressBytes(data: Uint8Array): Promise<Uint8Array> {
  return pipe(data, new DecompressionStream('deflate-raw'));
}

/** Deflates text for storage. */
export function compressText(text: string): Promise<Uint8Array> {
  return compressBytes(new TextEncoder().encode(text));
}

/** Inflates stored bytes back to text; throws on corrupt data. */
export async function decompressText(data: Uint8Array): Promise<string> {
  return new TextDecoder('utf-8', { fatal: true }).decode(await decompressBytes(data));
}
