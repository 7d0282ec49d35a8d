import { TRANSFER_CHUNK_CHARS, type TransferHandle } from '../../messaging/options-protocol';
import type { MessageRouter } from '../../messaging/router';

// Chunked transfers of big texts the background prepares (exports) to the options page; files
// come the other way through lib/storage/handover.ts.

const TRANSFER_TTL_MS = 10 * 60_000;

interface Transfer {
  chunks: (string | undefined)[];
  chars: number;
  expires: number;
}
const transfers = new Map<string, Transfer>();

function pruneTransfers(): void {
  const now = Date.now();
  for (const [id, transfer] of transfers) if (transfer.expires < now) transfers.delete(id);
}

/** Holds a text for the page to fetch in chunks. */
export function offerText(text: string): TransferHandle {
  pruneTransfers();
  const transferId = crypto.randomUUID();
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += TRANSFER_CHUNK_CHARS)
    chunks.push(text.slice(at, at + TRANSFER_CHUNK_CHARS));
  if (chunks.length === 0) chunks.push('');
  transfers.set(transferId, { chunks, chars: text.length, expires: Date.now() + TRANSFER_TTL_MS });
  return { transferId, chunks: chunks.length, chars: text.length };
}

function getChunk(transferId: string, index: number): string {
  const transfer = transfers.get(transferId);
  const chunk = transfer?.chunks[index];
  if (!transfer || chunk === undefined) throw new Error('Data ekspor sudah kedaluwarsa; ekspor lagi.');
  transfer.expires = Date.now() + TRANSFER_TTL_MS;
  if (index === transfer.chunks.length - 1) transfers.delete(transferId);
  return chunk;
}

/** Registers the handler the page fetches chunks with. */
export function registerTransferHandlers(router: MessageRouter): void {
  router.on('ui', 'options/transferGet', ({ transferId, index }) => getChunk(transferId, index));
}
