import type { z } from 'zod';

/** One message type: the zod schema its payload must pass, and the type of its answer. */
export interface MessageDef<Req extends z.ZodType = z.ZodType, Res = unknown> {
  readonly request: Req;
  /** Phantom: carries the response type only (a function type so `void` survives). */
  readonly response?: (response: Res) => void;
}

/** Declares a message whose answer has type `Res`: `message<Res>()(requestSchema)`. */
export function message<Res>() {
  return <Req extends z.ZodType>(request: Req): MessageDef<Req, Res> => ({ request });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the response slot is contravariant; any lets every def fit.
export type Protocol = Record<string, MessageDef<z.ZodType, any>>;
export type RequestOf<P extends Protocol, K extends keyof P> = z.input<P[K]['request']>;
export type ParsedRequestOf<P extends Protocol, K extends keyof P> = z.output<P[K]['request']>;
export type ResponseOf<P extends Protocol, K extends keyof P> = Parameters<NonNullable<P[K]['response']>>[0];

/**
 * Channels. `content`: from content scripts, unprivileged (a hostile page can drive them), so
 * nothing on it may trigger a network send or read private data. `ui`: from the extension's own
 * pages (popup, options), privileged.
 */
export type Channel = 'content' | 'ui';

/** What travels over runtime messaging. */
export interface Envelope {
  netra: 1;
  channel: Channel;
  type: string;
  data: unknown;
}

/** The background's answer: errors come back as data so the caller sees the reason. */
export type Reply<T> = { ok: true; data: T } | { ok: false; error: string };

/** Whether a runtime message is one of Netra's envelopes. */
export function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.netra === 1 && (v.channel === 'content' || v.channel === 'ui') && typeof v.type === 'string';
}

/**
 * The name of the port a content script keeps open to the background for its frequent requests
 * (a batch of posts per scan tick): one open channel instead of one per message.
 */
export const CONTENT_PORT = 'netra-content';

/** A request over the content port; the answer carries the same id. */
export interface PortRequest {
  id: number;
  envelope: Envelope;
}

export interface PortReply {
  id: number;
  reply: Reply<unknown>;
}

export function isPortRequest(value: unknown): value is PortRequest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'number' && isEnvelope(v.envelope);
}

export function isPortReply(value: unknown): value is PortReply {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'number' && typeof v.reply === 'object' && v.reply !== null;
}

/** The background's notice to content scripts that the settings changed (they ask for them again). */
export interface SettingsChanged {
  netra: 1;
  notice: 'settings-changed';
}

/** Whether a message to a content script is the settings-changed notice. */
export function isSettingsChanged(value: unknown): value is SettingsChanged {
  return (
    typeof value === 'object' && value !== null && (value as SettingsChanged).notice === 'settings-changed'
  );
}

/**
 * The background's notice to the extension's own pages (the popup) that flags changed: they are
 * kept in IndexedDB, which has no change event for other pages to follow.
 */
export interface FlagsChanged {
  netra: 1;
  notice: 'flags-changed';
}

/** Whether a message to an extension page is the flags-changed notice. */
export function isFlagsChanged(value: unknown): value is FlagsChanged {
  return typeof value === 'object' && value !== null && (value as FlagsChanged).notice === 'flags-changed';
}
