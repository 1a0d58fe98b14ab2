import { HttpError } from '@pith/core';
import { SessionErrors } from './session-errors';
import type { SessionKeyring } from './session-keyring';
import { toRecord, toWire } from './session-record';
import type {
  SessionBackend,
  SessionRecord,
  SessionStore,
  StoredSession,
  StoreStatusListener,
} from './session-store';

/** Browsers keep at most 4096 bytes of name, `=` and value per cookie. */
export const MAX_COOKIE_BYTES = 4096;
const AAD = 'pith-session-cookie';

/**
 * The stateless store: the whole session travels in the cookie, encrypted and authenticated
 * (AES-256-GCM) with its expiry inside, so nothing on the server needs to remember it.
 *
 * Statelessness has one honest limit: the server cannot forget a cookie it issued. A copy taken
 * before logout stays cryptographically valid until its absolute deadline. With a `revocation`
 * backend (memory for one process, Redis for many) destroyed and regenerated ids are written to a
 * deny list that lives until that deadline, and replays are refused; without one, only expiry
 * bounds a replay.
 */
export class CookieSessionStore implements SessionStore {
  readonly kind = 'cookie';

  constructor(
    private readonly keyring: SessionKeyring,
    /** Bytes left for the value once the longest cookie name and `=` are counted. */
    private readonly maxValueBytes: number,
    private readonly revocation: SessionBackend | undefined,
  ) {}

  async read(cookieValue: string, now: number): Promise<StoredSession | undefined> {
    if (cookieValue.length > MAX_COOKIE_BYTES) return undefined;
    const plain = this.keyring.open(cookieValue, AAD);
    if (plain === undefined) return undefined;
    let payload: { i?: unknown; r?: unknown };
    try {
      payload = JSON.parse(plain) as { i?: unknown; r?: unknown };
    } catch {
      return undefined;
    }
    const record = toRecord(payload.r);
    if (typeof payload.i !== 'string' || !record || record.expiresAt <= now) return undefined;
    if (this.revocation && (await this.revocation.get(revokedKey(payload.i), now)) !== undefined)
      return undefined;
    return { id: payload.i, record };
  }

  /** Stateless: `existing` cannot be checked here; a revoked id is refused when read instead. */
  async write(id: string, record: SessionRecord): Promise<string | undefined> {
    const token = this.keyring.seal(JSON.stringify({ i: id, r: toWire(record) }), AAD);
    if (token.length > this.maxValueBytes) {
      throw new HttpError(
        'ERR_SESSION_TOO_LARGE',
        {
          detail:
            `the encrypted session is ${token.length} bytes and the cookie store holds at most ` +
            `${this.maxValueBytes} (4 KiB per cookie); keep less in the session or use the redis or database store`,
        },
        SessionErrors.ERR_SESSION_TOO_LARGE,
      );
    }
    return token;
  }

  async destroy(id: string, until: number, now: number): Promise<void> {
    if (this.revocation && until > now) await this.revocation.set(revokedKey(id), '1', until, now);
  }

  check(): Promise<void> {
    return this.revocation ? this.revocation.check() : Promise.resolve();
  }

  open(): Promise<void> {
    return this.revocation ? this.revocation.open() : Promise.resolve();
  }

  close(): Promise<void> {
    return this.revocation ? this.revocation.close() : Promise.resolve();
  }

  onStatusChange(listener: StoreStatusListener): () => void {
    return this.revocation?.onStatusChange?.(listener) ?? (() => undefined);
  }
}

function revokedKey(id: string): string {
  return `revoked:${id}`;
}
