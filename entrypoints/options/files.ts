import { MessageError } from '@/lib/messaging/client';

/** Saves text as a file through the browser's download of a blob link. */
export function saveFile(fileName: string, parts: BlobPart[], mime: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** A failure's message for the user, without the message type the client prefixes. */
export function errorText(error: unknown): string {
  if (error instanceof MessageError) return error.message.slice(error.type.length + 2);
  return error instanceof Error ? error.message : String(error);
}

/** YYYYMMDD of today, for file names. */
export function dateStamp(): string {
  return new Date().toISOString().slice(0, 10).replace(/-/g, '');
}
