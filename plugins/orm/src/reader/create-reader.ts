import { PithError } from '@pith/core';
import { TransactionContext, type EntityClass, type MikroORM } from '@mikro-orm/core';
import type { Backend } from '../database-url';
import { existingEntityManager } from '../entity-manager-scope';
import { EntityReader, inTransactionError } from './entity-reader';
import { readerDriver, type PoolClient } from './reader-drivers';
import { buildReaderPlan } from './reader-plan';

/** The part of MikroORM's SQL connection the reader needs: knex, whose client owns the pool. */
interface KnexConnection {
  getKnex(): { client: PoolClient };
}

/**
 * Builds the reader of one entity from the discovered metadata (no connection needed, so it
 * can be built at setup). MongoDB is refused: its reads already go to the driver's `find`
 * without SQL to compile, and a silent fallback would hide that the app holds no reader there.
 */
export function createReader<T extends object>(
  mikro: MikroORM,
  backend: Backend,
  forkKey: symbol,
  entity: EntityClass<T>,
): EntityReader<T> {
  const name = typeof entity === 'function' ? entity.name : String(entity);
  if (backend === 'mongodb') {
    throw new PithError(
      'ERR_ORM_READER_UNSUPPORTED',
      `orm.reader(${name}): the reader runs SQL statements and the database is MongoDB; read it with the EntityManager`,
    );
  }
  const meta = mikro.getMetadata().find(name);
  if (!meta || meta.class !== entity) {
    throw new PithError(
      'ERR_ORM_READER_UNSUPPORTED',
      `orm.reader(${name}): not an entity of this app; add it to plugins.orm.entities`,
    );
  }
  const driver = readerDriver(backend);
  const plan = buildReaderPlan(mikro, meta, (value) => driver.bind(value));
  const contextName = mikro.config.get('contextName');
  const connection = mikro.em.getConnection('read') as unknown as KnexConnection;
  return new EntityReader<T>(plan, driver, () => {
    // A transaction's writes are only visible on its own connection (and SQLite's single
    // connection is held by it): refuse rather than read stale data or wait for it.
    const em =
      TransactionContext.getEntityManager(contextName) ??
      existingEntityManager(contextName, forkKey);
    if (em?.isInTransaction()) throw inTransactionError(name);
    return connection.getKnex().client;
  });
}
