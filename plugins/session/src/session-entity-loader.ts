import type { RevokedSessionEntity } from './revoked-session-entity';
import type { SessionEntity } from './session-entity';

/**
 * The database store's entity class, to list in the orm plugin's `entities`.
 *
 * @example
 * createApp({ plugins: { orm: { entities: [Customer, sessionEntity()] }, session: { store: 'database' } } });
 */
export function sessionEntity(): typeof SessionEntity {
  // Required on call: @mikro-orm/core and @pith/orm load only for apps using this store.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- MikroORM loads only for apps that use the database store
  return (require('./session-entity') as typeof import('./session-entity')).SessionEntity;
}

/**
 * The cookie store's deny-list entity (`revocation: 'database'`), to list in the orm plugin's
 * `entities`.
 *
 * @example
 * createApp({ plugins: { orm: { entities: [revokedSessionEntity()] }, session: { store: 'cookie', revocation: 'database' } } });
 */
export function revokedSessionEntity(): typeof RevokedSessionEntity {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- MikroORM loads only for apps that use this revocation list
  return (require('./revoked-session-entity') as typeof import('./revoked-session-entity'))
    .RevokedSessionEntity;
}
