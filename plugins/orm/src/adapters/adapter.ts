import { PithError, type Logger } from '@pith/core';
import type { EntityMetadata, MikroORM, Options } from '@mikro-orm/core';
import type { Backend, DatabaseTarget } from '../database-url';

/** What the plugin creates the schema with at boot. */
export type SchemaMode = 'migrate' | 'update' | 'none';

/** Connection settings every adapter translates into its driver's own options. */
export interface ConnectionSettings {
  readonly connectTimeout: number;
  readonly queryTimeout: number;
  readonly poolMin: number;
  readonly poolMax: number;
  /** Where the driver's own warnings go (knex would print them to the console). */
  readonly logger: Logger;
}

/**
 * What differs per backend, and nothing more: the driver and its options, the id properties,
 * how the schema is brought up to date, and where a unique violation names its key.
 */
export interface Adapter {
  readonly backend: Backend;
  /** Loads the driver package (only now) and returns the MikroORM options for this backend. */
  options(target: DatabaseTarget, settings: ConnectionSettings): Options;
  /** Adds the id properties to the metadata of the Pith base entity. */
  addIdProperties(meta: EntityMetadata): void;
  /** Brings the schema up to date; returns a one-line summary. */
  syncSchema(orm: MikroORM, mode: SchemaMode): Promise<string>;
  /** Names the unique key a violation hit: a constraint name, `table.column`, or field names. */
  uniqueKey(error: Record<string, unknown>): string | readonly string[] | undefined;
}

/**
 * Requires an optional driver package, or stops the boot naming the package to install.
 * Only the adapter the URL picks calls this, so unused drivers are never loaded.
 */
export function requirePackage<T>(name: string, purpose: string): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peer, loaded only when the URL asks for it
    return require(name) as T;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes(name)) {
      throw new PithError(
        'ERR_ORM_DRIVER_MISSING',
        `plugins.orm: ${purpose} needs ${name}, which is not installed; run npm install ${name}@6.6.16`,
        { cause: error },
      );
    }
    throw error;
  }
}
