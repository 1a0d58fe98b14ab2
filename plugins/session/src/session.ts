import type { RequestContext } from '@pith/core';
import { createSessionId } from './session-id';
import type { SessionManager } from './session-manager';
import type { SessionRecord } from './session-store';
import { toSessionValue } from './session-value';

type Status = 'unloaded' | 'loading' | 'ready' | 'failed';

interface Current {
  id: string | undefined;
  data: Record<string, unknown>;
  flash: Record<string, string[]>;
  createdAt: number;
  lastSeen: number;
}

/**
 * One request's session. Lazy: nothing is read until a method is awaited, and nothing is written
 * (no store call, no cookie) unless the session changed or a rolling refresh is due. Values are
 * JSON, copied on `set` and on `get`: change a value by setting it again.
 *
 * @example
 * await ctx.session.regenerate();           // on login: new id, old one dead
 * await ctx.session.set('userId', user.id);
 * await ctx.session.flash('info', 'Welcome back');
 */
export class SessionHandle {
  private status: Status = 'unloaded';
  private loading: Promise<void> | undefined;
  private current!: Current;
  private changed = false;
  private isNew = true;
  /** The current id exists in the store (read from it, not issued in this request). */
  private fromStore = false;
  private clearOnSave = false;
  private hadCookie = false;
  private saved = false;

  constructor(
    private readonly manager: SessionManager,
    private readonly ctx: RequestContext,
  ) {}

  /** The session id once loaded; undefined for a new session that was never saved. */
  get id(): string | undefined {
    return this.status === 'ready' ? this.current.id : undefined;
  }

  /** Whether the session has been read in this request (reading is what costs store I/O). */
  get isLoaded(): boolean {
    return this.status === 'ready';
  }

  /** Reads the session from the store once; every other method awaits this. */
  async load(): Promise<this> {
    if (this.status === 'ready') return this;
    this.loading ??= this.read();
    await this.loading;
    return this;
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    await this.load();
    const value = this.current.data[key];
    return (typeof value === 'object' && value !== null ? structuredClone(value) : value) as T;
  }

  async has(key: string): Promise<boolean> {
    await this.load();
    return key in this.current.data;
  }

  /** Stores a JSON value; `undefined` deletes the key. */
  async set(key: string, value: unknown): Promise<void> {
    if (value === undefined) {
      await this.delete(key);
      return;
    }
    const copy = toSessionValue(key, value);
    await this.load();
    this.assertOpen();
    this.current.data[key] = copy;
    this.changed = true;
  }

  /** Removes a key; true when it was there. */
  async delete(key: string): Promise<boolean> {
    await this.load();
    if (!(key in this.current.data)) return false;
    this.assertOpen();
    delete this.current.data[key];
    this.changed = true;
    return true;
  }

  /** A copy of every value, e.g. for templates. */
  async all(): Promise<Record<string, unknown>> {
    await this.load();
    return structuredClone({ ...this.current.data });
  }

  /** Adds a message of `kind` for a later request. */
  flash(kind: string, text: string): Promise<void>;
  /** Returns the messages of `kind` and forgets them: each is read once. */
  flash(kind: string): Promise<string[]>;
  async flash(kind: string, text?: string): Promise<void | string[]> {
    await this.load();
    const flash = this.current.flash;
    if (text !== undefined) {
      this.assertOpen();
      (flash[kind] ??= []).push(String(text));
      this.changed = true;
      return;
    }
    const messages = flash[kind] ?? [];
    if (flash[kind]) {
      this.assertOpen();
      delete flash[kind];
      this.changed = true;
    }
    return messages;
  }

  /** Every pending flash message by kind, forgotten once read. */
  async readFlash(): Promise<Record<string, string[]>> {
    await this.load();
    const all = this.current.flash;
    if (Object.keys(all).length === 0) return Object.create(null) as Record<string, string[]>;
    this.assertOpen();
    this.current.flash = Object.create(null) as Record<string, string[]>;
    this.changed = true;
    return all;
  }

  /**
   * Gives the session a new id and kills the old one in the store at once (call it on login and
   * on any privilege change: it defeats session fixation). The absolute deadline restarts.
   */
  async regenerate(options: { keepData?: boolean } = {}): Promise<void> {
    await this.load();
    this.assertOpen();
    await this.kill();
    const now = this.manager.now();
    const keep = options.keepData ?? true;
    this.current = {
      id: createSessionId(),
      data: keep ? this.current.data : (Object.create(null) as Record<string, unknown>),
      flash: keep ? this.current.flash : (Object.create(null) as Record<string, string[]>),
      createdAt: now,
      lastSeen: now,
    };
    this.fromStore = false;
    this.changed = true;
  }

  /**
   * Ends the session: removed from the store now and its cookie cleared in the response. Writing
   * afterwards (e.g. a "signed out" flash) starts a new session with a new id.
   */
  async destroy(): Promise<void> {
    await this.load();
    this.assertOpen();
    await this.kill();
    this.current = empty(this.manager.now());
    this.changed = false;
    this.isNew = true;
    this.fromStore = false;
    this.clearOnSave = this.hadCookie;
  }

  /** A change after the save would be lost without a word: fail loudly instead. */
  private assertOpen(): void {
    if (this.saved)
      throw new Error(
        'the session was changed after it was saved (in an onSend hook ordered after the session plugin, or after the reply); change it before the reply is sent',
      );
  }

  private async kill(): Promise<void> {
    const { id, createdAt } = this.current;
    if (id === undefined || this.isNew) return;
    const now = this.manager.now();
    const until = createdAt + this.manager.settings.absoluteTimeout;
    await this.manager.bounded(() => this.manager.store.destroy(id, until, now));
  }

  private async read(): Promise<void> {
    this.status = 'loading';
    const manager = this.manager;
    try {
      const value = manager.readCookie(this.ctx);
      this.ctx.reply.appendHeader('vary', 'Cookie');
      const now = manager.now();
      this.current = empty(now);
      if (value === undefined) {
        this.status = 'ready';
        return;
      }
      this.hadCookie = true;
      const found = await manager.bounded(() => manager.store.read(value, now));
      // Re-checked here too: the deadlines may have been shortened since the session was written.
      if (found && manager.expiresAt(found.record.createdAt, found.record.lastSeen) > now) {
        const { data, flash, createdAt, lastSeen } = found.record;
        this.current = { id: found.id, data, flash, createdAt, lastSeen };
        this.isNew = false;
        this.fromStore = true;
      } else {
        // Unknown, forged or expired: never adopted; the client's stale cookie is cleared.
        this.clearOnSave = true;
      }
      this.status = 'ready';
    } catch (error) {
      this.status = 'failed';
      this.loading = undefined;
      throw error;
    }
  }

  /**
   * Writes the session if it changed or a rolling refresh is due, then sets the cookie; called
   * by the plugin's `onSend` hook, once per request.
   *
   * @internal
   */
  async save(): Promise<void> {
    if (this.saved || this.status !== 'ready') return;
    this.saved = true;
    const manager = this.manager;
    const now = manager.now();
    const current = this.current;
    const isEmpty =
      Object.keys(current.data).length === 0 && Object.keys(current.flash).length === 0;
    const touchDue =
      manager.settings.rolling && now - current.lastSeen >= manager.settings.touchInterval;
    const mustWrite = this.isNew ? this.changed && !isEmpty : this.changed || touchDue;
    if (!mustWrite) {
      if (this.clearOnSave) manager.clearCookie(this.ctx);
      return;
    }
    current.id ??= createSessionId();
    current.lastSeen = now;
    const record: SessionRecord = {
      data: current.data,
      flash: current.flash,
      createdAt: current.createdAt,
      lastSeen: current.lastSeen,
      expiresAt: manager.expiresAt(current.createdAt, current.lastSeen),
    };
    const id = current.id;
    const existing = this.fromStore;
    const cookie = await manager.bounded(() => manager.store.write(id, record, now, existing));
    // Gone meanwhile (a concurrent logout, expiry): never resurrected, the cookie is cleared.
    if (cookie === undefined) manager.clearCookie(this.ctx);
    else manager.setCookie(this.ctx, cookie, record.expiresAt - now);
  }
}

function empty(now: number): Current {
  return {
    id: undefined,
    data: Object.create(null) as Record<string, unknown>,
    flash: Object.create(null) as Record<string, string[]>,
    createdAt: now,
    lastSeen: now,
  };
}
