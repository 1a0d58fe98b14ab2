import { createHmac, randomBytes, randomFillSync, timingSafeEqual } from 'node:crypto';
import type { RandomPool } from './random-pool';

const SECRET_BYTES = 32;

/** A new per-session CSRF secret (base64url, 256 bits). */
export function createCsrfSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

/**
 * The secret masked with a fresh random pad: `base64url(pad ‖ pad XOR secret)`. Every render
 * differs, so a compressed page cannot leak the secret byte by byte (BREACH).
 */
export function maskCsrfSecret(secret: string, random?: RandomPool): string {
  const raw = Buffer.from(secret, 'base64url');
  const out = Buffer.allocUnsafe(raw.length * 2);
  if (random) random.fill(out, 0, raw.length);
  else randomFillSync(out, 0, raw.length);
  for (let i = 0; i < raw.length; i++) out[raw.length + i] = out[i] ^ raw[i];
  return out.toString('base64url');
}

/** Whether a masked token carries `secret`; constant time in the token's content. */
export function verifyMaskedCsrfToken(token: string, secret: string): boolean {
  const raw = Buffer.from(secret, 'base64url');
  if (token.length !== Math.ceil((raw.length * 2 * 4) / 3)) return false;
  const given = Buffer.from(token, 'base64url');
  if (given.length !== raw.length * 2) return false;
  const unmasked = Buffer.allocUnsafe(raw.length);
  for (let i = 0; i < raw.length; i++) unmasked[i] = given[i] ^ given[raw.length + i];
  return timingSafeEqual(unmasked, raw);
}

/**
 * A stateless token bound to the session id: `nonce.HMAC(key, sessionId ‖ nonce)`. Nothing is
 * stored, and a token minted for one session is useless in another; a new session id after login
 * invalidates old tokens.
 */
export function createHmacCsrfToken(key: Buffer, sessionId: string): string {
  const nonce = randomBytes(16).toString('base64url');
  return `${nonce}.${sign(key, sessionId, nonce)}`;
}

/** Whether an HMAC token was minted for `sessionId` with one of `keys` (rotation: newest first). */
export function verifyHmacCsrfToken(
  token: string,
  keys: readonly Buffer[],
  sessionId: string,
): boolean {
  const dot = token.indexOf('.');
  if (dot !== 22 || token.length !== 66) return false;
  const nonce = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  if (given.length !== 32) return false;
  let ok = false;
  for (const key of keys)
    ok = timingSafeEqual(Buffer.from(sign(key, sessionId, nonce), 'base64url'), given) || ok;
  return ok;
}

function sign(key: Buffer, sessionId: string, nonce: string): string {
  return createHmac('sha256', key)
    .update(`${sessionId.length}:${sessionId}!${nonce}`)
    .digest('base64url');
}
