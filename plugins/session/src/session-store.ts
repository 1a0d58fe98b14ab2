/** What a store keeps for one session. Times are milliseconds since the epoch, from the app's clock. */
export interface SessionRecord {
  /** The application's values (JSON). */
  readonly data: Record<string, unknown>;
  /** Flash messages by kind, read once. */
  readonly flash: Record<string, string[]>;
  readonly createdAt: number;
  /** The last request that used the session (rolling refresh moves it). */
  readonly lastSeen: number;
  /** When the session dies: the earlier of its idle and absolute deadlines. */
  readonly expiresAt: number;
}

/** Told when a networked store loses or regains its server (`error` is the last failure). */
export type StoreStatusListener = (up: boolean, error?: Error) => void;

/** A session as read back from a store. */
export interface StoredSession {
  readonly id: string;
  readonly record: SessionRecord;
}

/**
 * One interface for every store, shaped around the cookie so that a stateless store (the
 * encrypted cookie) and a server-side one (memory, Redis, database) fit alike: a store turns a
 * cookie value into a session and a session into a cookie value. Every store passes the shared
 * contract suite in test/contract/session.
 */
export interface SessionStore {
  /** `memory`, `cookie`, `redis`, `database`: for logs and readiness. */
  readonly kind: string;
  /**
   * The session a cookie value names (or carries), or undefined when the value is unknown,
   * forged, tampered with, destroyed or expired at `now`. Throws only when the store is down.
   */
  read(cookieValue: string, now: number): Promise<StoredSession | undefined>;
  /**
   * Saves the session and returns the cookie value that names it. With `existing`, the session
   * is only updated: if it is gone (destroyed or expired meanwhile, e.g. by a concurrent logout)
   * nothing is written and the result is undefined, so a late request never resurrects it.
   */
  write(
    id: string,
    record: SessionRecord,
    now: number,
    existing: boolean,
  ): Promise<string | undefined>;
  /**
   * Kills a session: later reads of any cookie value naming `id` return undefined. `until` is
   * the latest moment such a cookie could still be valid (its absolute deadline).
   */
  destroy(id: string, until: number, now: number): Promise<void>;
  /** Resolves when the store can serve requests (readiness). */
  check(): Promise<void>;
  /** Connects; called once at app ready. */
  open(): Promise<void>;
  /** Releases connections; called at app close. */
  close(): Promise<void>;
  /** Subscribes to connection changes (networked stores only); returns the unsubscribe. */
  onStatusChange?(listener: StoreStatusListener): () => void;
}

/**
 * The key-value half of a server-side store: values are opaque strings with a time to live.
 * Memory, Redis and database backends implement this; {@link ServerSessionStore} adds the rest.
 */
export interface SessionBackend {
  readonly kind: string;
  get(key: string, now: number): Promise<string | undefined>;
  set(key: string, value: string, expiresAt: number, now: number): Promise<void>;
  /** Like `set`, but only when `key` exists and has not expired; false when it does not. */
  update(key: string, value: string, expiresAt: number, now: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  check(): Promise<void>;
  open(): Promise<void>;
  close(): Promise<void>;
  onStatusChange?(listener: StoreStatusListener): () => void;
}
