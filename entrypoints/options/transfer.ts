import { sendFromUi } from '@/lib/messaging/client';
import { TRANSFER_CHUNK_CHARS, type TransferHandle } from '@/lib/messaging/options-protocol';

// Big texts (a million-row watchlist is ~60 MB) travel to and from the background in chunks:
// one runtime message is capped in size.

/** Sends a text to the background in chunks; resolves to the transfer id and chunk count. */
export async function uploadText(
  text: string,
  onProgress?: (sent: number, total: number) => void,
): Promise<{ transferId: string; chunks: number }> {
  const transferId = crypto.randomUUID();
  const chunks = Math.max(1, Math.ceil(text.length / TRANSFER_CHUNK_CHARS));
  for (let index = 0; index < chunks; index++) {
    const part = text.slice(index * TRANSFER_CHUNK_CHARS, (index + 1) * TRANSFER_CHUNK_CHARS);
    await sendFromUi('options/transferPut', { transferId, index, text: part });
    onProgress?.(index + 1, chunks);
  }
  return { transferId, chunks };
}

/** Fetches a text the background prepared, chunk by chunk. */
export async function downloadText(handle: TransferHandle): Promise<string[]> {
  const parts: string[] = [];
  for (let index = 0; index < handle.chunks; index++) {
    parts.push(await sendFromUi('options/transferGet', { transferId: handle.transferId, index }));
  }
  return parts;
}
