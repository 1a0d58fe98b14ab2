import { randomUUID } from 'node:crypto';
import { PithError, type Logger } from '@pith/core';
import { MikroORM, type EntityClass, type EntityManager, type Options } from '@mikro-orm/core';
import type { Adapter, SchemaMode } from './adapters/adapter';
import { documentAdapter } from './adapters/document-adapter';
import { migratorOf, relationalAdapter } from './adapters/relational-adapter';
import type { Backend, DatabaseTarget } from './database-url';
import { createContextResolver, runIsolated } from './entity-manager-scope';
import { createIdMapping } from './pith-entity';
import type { OrmOptions } from './orm-options';
import { indexUniqueKeys, type UniqueKeyLookup } from './unique-keys';
import { createReader } from './reader/create-reader';
import type { EntityReader } from './reader/entity-reader';

/** Picks the adapter for a backend; only its driver package is ever required. */
export function adapterFor(backend: Backend): Adapter {
  return backend === 'mongodb' ? documentAdapter() : relationalAdapter(backend);
}

/**
 * One app's database: the MikroORM instance (discovered at setup, connected at ready), the
 * contextual EntityManager, isolation and transaction helpers, schema and migration steps.
 */
export class Orm {
  readonly backend: Backend;
  readonly adapter: Adapter;
  /** The URL with its password masked. */
  readonly display: string;
  private readonly mikro: MikroORM;
  private readonly uniqueKeyLookup: UniqueKeyLookup;
  private connecting: Promise<void> | undefined;
  /** Where a request keeps its fork (the reader looks for a transaction there). */
  private readonly forkKey = Symbol('pith.orm.em');
  private readonly readers = new Map<EntityClass<object>, EntityReader<object>>();

  constructor(
    target: DatabaseTarget,
    options: OrmOptions,
    private readonly logger: Logger,
  ) {
    this.backend = target.backend;
    this.display = target.display;
    this.adapter = adapterFor(target.backend);
    const base = this.adapter.options(target, {
      connectTimeout: options.connectTimeout,
      queryTimeout: options.queryTimeout,
      poolMin: options.pool.min,
      poolMax: options.pool.max,
      logger,
    });
    const config: Options = {
      ...base,
      entities: [...options.entities],
      // A unique context name keeps two apps' scopes apart inside one async flow.
      contextName: `pith-${randomUUID()}`,
      // Called only once requests or scopes run, after initSync below has set `mikro`.
      context: createContextResolver(() => this.mikro.em, this.forkKey),
      allowGlobalContext: false,
      processOnCreateHooksEarly: true,
      ensureDatabase: false,
      debug: options.debug,
      logger: (message: string) => this.logger.debug(message),
      metadataCache: { enabled: false },
      // What MikroORM.init sets for CommonJS apps (initSync does not): migrations load with
      // require, which also works where dynamic import() does not (jest's VM).
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
      dynamicImportProvider: (id: string) => Promise.resolve(require(id) as unknown),
      discovery: { onMetadata: createIdMapping(this.adapter), requireEntitiesArray: true },
      migrations: {
        path: options.migrations.path,
        pathTs: options.migrations.pathTs,
        tableName: options.migrations.tableName,
        emit: options.migrations.emit,
        snapshot: false,
        silent: true,
      },
      ...(options.mikroOrm as Options | undefined),
    };
    this.mikro = MikroORM.initSync(config);
    this.uniqueKeyLookup = indexUniqueKeys(
      this.mikro.getMetadata(),
      this.mikro.config.getNamingStrategy(),
    );
  }

  /** The MikroORM instance, for what this class does not wrap. */
  get mikroOrm(): MikroORM {
    return this.mikro;
  }

  /**
   * The app's EntityManager. Every call resolves to the current request's fork (or the scope of
   * {@link withEntityManager}), so singletons can hold it; outside both it throws.
   */
  get em(): EntityManager {
    return this.mikro.em;
  }

  /**
   * The hot read path of an entity on SQL backends (see {@link EntityReader}): one statement
   * per filter shape, built from the metadata, run on the driver, plain objects back. Built on
   * first call (at setup or later), then the same reader. MongoDB: ERR_ORM_READER_UNSUPPORTED.
   */
  reader<T extends object>(entity: EntityClass<T>): EntityReader<T> {
    let reader = this.readers.get(entity) as EntityReader<T> | undefined;
    if (!reader) {
      reader = createReader(this.mikro, this.backend, this.forkKey, entity);
      this.readers.set(entity, reader);
    }
    return reader;
  }

  /** @internal the unique keys, by every name a driver reports them under */
  get uniqueKeys(): UniqueKeyLookup {
    return this.uniqueKeyLookup;
  }

  /**
   * Connects once (later calls share the first attempt), creating the database first when
   * asked; fails with ERR_ORM_CONNECT naming the database, never its password.
   */
  connect(createDatabase: boolean): Promise<void> {
    this.connecting ??= this.openConnection(createDatabase);
    return this.connecting;
  }

  /**
   * Runs `fn` connected. A connection this call opens (a setup-only CLI command, where the app
   * never becomes ready and its onClose never runs) is closed again when `fn` ends.
   */
  async connected<T>(createDatabase: boolean, fn: () => Promise<T>): Promise<T> {
    const isOwner = this.connecting === undefined;
    await this.connect(createDatabase);
    try {
      return await fn();
    } finally {
      if (isOwner) await this.close();
    }
  }

  private async openConnection(createDatabase: boolean): Promise<void> {
    try {
      // MikroORM creates the database right after it opens the pool; creating it any earlier
      // would open a second pool that close() never ends.
      const isServer = this.backend === 'postgresql' || this.backend === 'mariadb';
      this.mikro.config.set('ensureDatabase', createDatabase && !isServer);
      await this.mikro.connect();
      // On a database server, create it here instead, to know (and log) that it was missing.
      if (
        createDatabase &&
        isServer &&
        (await this.mikro.schema.ensureDatabase({ forceCheck: true }))
      )
        this.logger.info({ database: this.display }, 'database did not exist; created it');
    } catch (error) {
      throw this.connectError(error);
    }
    await this.check().catch((error: unknown) => {
      throw this.connectError(error);
    });
  }

  private connectError(error: unknown): PithError {
    const code = (error as { code?: unknown }).code;
    const reason =
      typeof code === 'string' || typeof code === 'number' ? code : (error as Error).name;
    return new PithError(
      'ERR_ORM_CONNECT',
      `plugins.orm cannot reach ${this.display} (${String(reason)}); check plugins.orm.url or DATABASE_URL and that the database runs`,
      { cause: error },
    );
  }

  /** Resolves when the database answers; rejects with its error otherwise (readiness). */
  async check(): Promise<void> {
    const result = await this.mikro.checkConnection();
    if (!result.ok) {
      throw result.error ?? new PithError('ERR_ORM_UNAVAILABLE', result.reason);
    }
  }

  /** Brings the schema up to date (SQL: update or migrate; MongoDB: collections + indexes). */
  async syncSchema(mode: SchemaMode): Promise<string> {
    try {
      return await this.adapter.syncSchema(this.mikro, mode);
    } catch (error) {
      if (error instanceof PithError) throw error;
      throw new PithError(
        'ERR_ORM_SCHEMA',
        `plugins.orm.schema "${mode}" failed on ${this.display}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /**
   * Runs `fn` in its own fork of the EntityManager, isolated like a request: for jobs, CLI
   * commands, scripts and tests. `fn` may use the injected EntityManager or the one it gets.
   *
   * @example
   * await orm.withEntityManager(async (em) => { em.create(Reminder, { ... }); await em.flush(); });
   */
  withEntityManager<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return runIsolated(this.mikro.em, fn);
  }

  /**
   * Runs `fn` in a transaction on the current fork (a request's, or a new isolated one outside
   * any): flushed and committed when `fn` resolves, rolled back when it throws.
   */
  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    const root = this.mikro.em;
    const scoped = root.getContext(false);
    if (scoped !== root) return scoped.transactional(fn);
    return runIsolated(root, (em) => em.transactional(fn));
  }

  /** Applies pending migrations (SQL) or ensures indexes (MongoDB). */
  async migrate(): Promise<string> {
    if (this.backend === 'mongodb') return this.syncSchema('migrate');
    const done = await migratorOf(this.mikro).up();
    return done.length ? `applied ${done.map((m) => m.name).join(', ')}` : 'no pending migrations';
  }

  /** Writes a migration with the difference between the entities and the database (SQL). */
  async createMigration(
    options: { blank?: boolean; initial?: boolean; name?: string } = {},
  ): Promise<string> {
    if (this.backend === 'mongodb')
      return 'MongoDB has no migrations: indexes are created from the entities (db:migrate)';
    const result = await migratorOf(this.mikro).createMigration(
      undefined,
      options.blank ?? false,
      options.initial ?? false,
      options.name,
    );
    return result.fileName
      ? `created ${result.fileName} (${result.diff.up.length} statement(s))`
      : 'no changes: the database matches the entities';
  }

  /** Closes the pool if one was opened; safe to call twice, and `connect` may open it again. */
  async close(): Promise<void> {
    if (!this.connecting) return;
    const opening = this.connecting;
    this.connecting = undefined;
    await opening.catch(() => undefined);
    await this.mikro.close(true);
  }
}
