import { ReferenceKind, type EntityMetadata, type MikroORM, type Options } from '@mikro-orm/core';
import type { DatabaseTarget } from '../database-url';
import { requirePackage, type Adapter, type ConnectionSettings, type SchemaMode } from './adapter';

interface MongoPackage {
  readonly MongoDriver: Options['driver'];
  readonly ObjectId: new () => unknown;
}

/**
 * MongoDB through `@mikro-orm/mongodb`. The primary key is an ObjectId `_id`; `id` is MikroORM's
 * serialized primary key, so app code reads and writes the same `id: string` as on SQL.
 * Migrations do not apply: the schema step creates collections and indexes.
 */
export function documentAdapter(): Adapter {
  let pkg: MongoPackage | undefined;
  return {
    backend: 'mongodb',
    options(target: DatabaseTarget, settings: ConnectionSettings): Options {
      pkg = requirePackage<MongoPackage>('@mikro-orm/mongodb', 'a mongodb URL');
      return {
        driver: pkg.MongoDriver,
        clientUrl: target.clientUrl,
        dbName: target.dbName,
        implicitTransactions: false,
        driverOptions: {
          serverSelectionTimeoutMS: settings.connectTimeout,
          connectTimeoutMS: settings.connectTimeout,
          socketTimeoutMS: settings.queryTimeout,
          minPoolSize: settings.poolMin,
          maxPoolSize: settings.poolMax,
        },
      };
    },
    addIdProperties(meta: EntityMetadata): void {
      const ObjectId = pkg!.ObjectId;
      meta.addProperty(
        {
          name: '_id',
          kind: ReferenceKind.SCALAR,
          primary: true,
          type: 'ObjectId',
          runtimeType: 'ObjectId',
          onCreate: () => new ObjectId(),
        },
        false,
      );
      meta.addProperty(
        {
          name: 'id',
          kind: ReferenceKind.SCALAR,
          serializedPrimaryKey: true,
          type: 'string',
          runtimeType: 'string',
        },
        false,
      );
    },
    async syncSchema(orm: MikroORM, mode: SchemaMode): Promise<string> {
      if (mode === 'none') return 'schema left as is';
      await orm.getSchemaGenerator().createSchema();
      return 'collections and indexes ensured';
    },
    uniqueKey(error: Record<string, unknown>): readonly string[] | undefined {
      const pattern = error.keyPattern;
      return pattern && typeof pattern === 'object' ? Object.keys(pattern) : undefined;
    },
  };
}
