import { PithError } from '@pith/core';
import type { Orm } from '@pith/orm';
import type { SessionEntity } from './session-entity';
import type { SessionClock } from './session-manager';
import type { SessionBackend } from './session-store';

/**
 * Sessions as rows through the orm plugin, on every backend it supports. Each call runs in its
 * own isolated fork, so a session write never flushes the request's pending entities (and the
 * other way round). Expired rows are swept on a timer; reads ignore them before that.
 */
export class DatabaseBackend implements SessionBackend {
  readonly kind = 'database';
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly orm: Orm,
    private readonly entity: typeof SessionEntity,
    private readonly clock: SessionClock,
    private readonly sweepInterval: number,
    /** The boot error when the orm plugin does not know `entity`. */
    private readonly missingEntity = 'plugins.session.store is "database" but the orm plugin does not know the session entity; add sessionEntity() (from @pith/session) to plugins.orm.entities',
  ) {}

  async open(): Promise<void> {
    if (!this.orm.mikroOrm.getMetadata().find(this.entity.name))
      throw new PithError('ERR_SESSION_CONFIG', this.missingEntity);
    if (this.sweepInterval > 0) {
      this.sweeper = setInterval(() => {
        this.sweep(this.clock.now()).catch(() => undefined);
      }, this.sweepInterval);
      this.sweeper.unref();
    }
  }

  get(key: string, now: number): Promise<string | undefined> {
    return this.orm.withEntityManager(async (em) => {
      const row = await em.findOne(this.entity, { sid: key });
      return row && row.expiresAt.getTime() > now ? row.value : undefined;
    });
  }

  set(key: string, value: string, expiresAt: number, now: number): Promise<void> {
    if (expiresAt <= now) return this.delete(key);
    const expires = new Date(expiresAt);
    return this.orm.withEntityManager(async (em) => {
      // An update first: rewriting an existing session is the common case and one statement.
      const updated = await em.nativeUpdate(
        this.entity,
        { sid: key },
        { value, expiresAt: expires },
      );
      if (updated > 0) return;
      em.create(this.entity, { sid: key, value, expiresAt: expires });
      await em.flush();
    });
  }

  update(key: string, value: string, expiresAt: number, now: number): Promise<boolean> {
    return this.orm.withEntityManager(async (em) => {
      const updated = await em.nativeUpdate(
        this.entity,
        { sid: key, expiresAt: { $gt: new Date(now) } },
        { value, expiresAt: new Date(expiresAt) },
      );
      return updated > 0;
    });
  }

  delete(key: string): Promise<void> {
    return this.orm.withEntityManager(async (em) => {
      await em.nativeDelete(this.entity, { sid: key });
    });
  }

  /** Deletes every row expired at `now`; returns how many. */
  sweep(now: number): Promise<number> {
    return this.orm.withEntityManager((em) =>
      em.nativeDelete(this.entity, { expiresAt: { $lte: new Date(now) } }),
    );
  }

  check(): Promise<void> {
    return this.orm.check();
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}
