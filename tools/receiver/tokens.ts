import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from './db';

// Bearer tokens, issued and revoked by the coordinator (`npm run receiver -- token …`). A token
// is 32 random bytes; only its SHA-256 is stored, so a copied database does not leak working
// tokens. (A slow password hash is not needed: the token is not guessable, unlike a password.)

export const TOKEN_ROLES = ['monitor', 'reviewer'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

export interface TokenRecord {
  id: number;
  name: string;
  role: TokenRole;
  createdAt: string;
  revokedAt: string | null;
}

/** SHA-256 of a token, hex: what the database keeps. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function toRecord(row: Record<string, unknown>): TokenRecord {
  return {
    id: Number(row.id),
    name: String(row.name),
    role: row.role as TokenRole,
    createdAt: new Date(row.created_at as string).toISOString(),
    revokedAt: row.revoked_at ? new Date(row.revoked_at as string).toISOString() : null,
  };
}

/** Issues a new token for `name`; the returned secret is shown once and never stored. */
export async function addToken(
  db: Queryable,
  name: string,
  role: TokenRole = 'monitor',
): Promise<{ token: string; record: TokenRecord }> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 200) throw new Error('Nama token harus 1–200 karakter.');
  if (!TOKEN_ROLES.includes(role)) throw new Error(`Peran tidak dikenal: ${role}`);
  const token = `netra_${randomBytes(32).toString('base64url')}`;
  const rows = await db.query(
    'INSERT INTO tokens (name, role, hash) VALUES ($1, $2, $3) RETURNING id, name, role, created_at, revoked_at',
    [trimmed, role, hashToken(token)],
  );
  return { token, record: toRecord(rows[0]!) };
}

/** Revokes the live tokens with this id or name; returns how many it revoked. */
export async function revokeToken(db: Queryable, idOrName: string): Promise<number> {
  const byId = /^\d+$/.test(idOrName);
  const rows = await db.query(
    `UPDATE tokens SET revoked_at = now() WHERE revoked_at IS NULL AND ${byId ? 'id = $1::integer' : 'name = $1'} RETURNING id`,
    [idOrName],
  );
  return rows.length;
}

/** Every token ever issued, oldest first (never the secret or its hash). */
export async function listTokens(db: Queryable): Promise<TokenRecord[]> {
  const rows = await db.query('SELECT id, name, role, created_at, revoked_at FROM tokens ORDER BY id');
  return rows.map(toRecord);
}

/** The live token a request presents, or undefined. */
export async function findToken(db: Queryable, token: string): Promise<TokenRecord | undefined> {
  const rows = await db.query(
    'SELECT id, name, role, created_at, revoked_at FROM tokens WHERE hash = $1 AND revoked_at IS NULL',
    [hashToken(token)],
  );
  return rows[0] ? toRecord(rows[0]) : undefined;
}
