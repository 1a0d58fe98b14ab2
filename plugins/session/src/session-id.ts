import { randomBytes } from 'node:crypto';

/** A fresh session id: 256 random bits, URL-safe (SECURITY-DEFAULTS asks for at least 128). */
export function createSessionId(): string {
  return randomBytes(32).toString('base64url');
}
