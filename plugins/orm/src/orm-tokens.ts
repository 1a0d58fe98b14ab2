import { createToken } from '@pith/core';
import type { EntityManager } from '@mikro-orm/core';
import type { Orm } from './orm';

/** The app's EntityManager; each call runs on the current request's (or scope's) own fork. */
export const ENTITY_MANAGER = createToken<EntityManager>('pith:orm:entity-manager');
/** The app's {@link Orm}: isolation and transaction helpers, schema steps, the MikroORM instance. */
export const ORM = createToken<Orm>('pith:orm');
