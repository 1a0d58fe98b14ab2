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
