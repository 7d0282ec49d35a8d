import { sendFromUi } from '@/lib/messaging/client';
import type { TransferHandle } from '@/lib/messaging/options-protocol';

// Big texts the background prepares (a watchlist export) come to the page in chunks: one
// runtime message is capped in size. (Files going the other way: lib/storage/handover.ts.)

/** Fetches a text the background prepared, chunk by chunk. */
export async function downloadText(handle: TransferHandle): Promise<string[]> {
  const parts: string[] = [];
  for (let index = 0; index < handle.chunks; index++) {
    parts.push(await sendFromUi('options/transferGet', { transferId: handle.transferId, index }));
  }
  return parts;
}
