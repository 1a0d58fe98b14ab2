import type { SessionKeyring } from './session-keyring';
import { parseRecord, serializeRecord } from './session-record';
import type {
  SessionBackend,
  SessionRecord,
  SessionStore,
  StoredSession,
  StoreStatusListener,
} from './session-store';

const ID_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;

/**
 * A store that keeps sessions on the server (memory, Redis, database): the cookie carries only
 * the id, signed with the keyring, and an id the backend does not know is never adopted.
 */
export class ServerSessionStore implements SessionStore {
  readonly kind: string;

  constructor(
    private readonly backend: SessionBackend,
    private readonly keyring: SessionKeyring,
  ) {
    this.kind = backend.kind;
  }

  async read(cookieValue: string, now: number): Promise<StoredSession | undefined> {
    const id = this.keyring.unsign(cookieValue);
    // A forged value costs no store round trip.
    if (id === undefined || !ID_PATTERN.test(id)) return undefined;
    const raw = await this.backend.get(id, now);
    if (raw === undefined) return undefined;
    const record = parseRecord(raw);
    if (!record || record.expiresAt <= now) return undefined;
    return { id, record };
  }

  async write(
    id: string,
    record: SessionRecord,
    now: number,
    existing: boolean,
  ): Promise<string | undefined> {
    const value = serializeRecord(record);
    if (!existing) await this.backend.set(id, value, record.expiresAt, now);
    else if (!(await this.backend.update(id, value, record.expiresAt, now))) return undefined;
    return this.keyring.sign(id);
  }

  async destroy(id: string): Promise<void> {
    await this.backend.delete(id);
  }

  check(): Promise<void> {
    return this.backend.check();
  }

  open(): Promise<void> {
    return this.backend.open();
  }

  close(): Promise<void> {
    return this.backend.close();
  }

  onStatusChange(listener: StoreStatusListener): () => void {
    return this.backend.onStatusChange?.(listener) ?? (() => undefined);
  }
}
