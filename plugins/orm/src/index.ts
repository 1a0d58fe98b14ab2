export { ormPlugin as default, ormPlugin } from './orm-plugin';
export { ENTITY_MANAGER, ORM } from './orm-tokens';
export { Orm } from './orm';
export { PithEntity } from './pith-entity';
export { OrmErrors } from './orm-errors';
export { parseDatabaseUrl, type Backend, type DatabaseTarget } from './database-url';
export { ormOptionsSchema, type OrmOptions, type Seeder } from './orm-options';
export type { SchemaMode } from './adapters/adapter';
export { defineListQuery, type FilterSpec, type ListQuery, type ListQuerySpec } from './list-query';
export { isUnavailable } from './orm-error-mapper';
export {
  EntityReader,
  type EntityRow,
  type ReaderOptions,
  type ReaderWhere,
} from './reader/entity-reader';
