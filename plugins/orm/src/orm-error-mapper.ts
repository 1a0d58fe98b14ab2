import { HttpError, type ErrorMapper } from '@pith/core';
import {
  ForeignKeyConstraintViolationException,
  NotFoundError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import type { Adapter } from './adapters/adapter';
import { OrmErrors } from './orm-errors';
import type { UniqueKeyLookup } from './unique-keys';

/** Error codes (Node, SQLSTATE, MariaDB, SQLite) that mean the database is down or too slow. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  '57014', // query_canceled: statement_timeout
  '57P01',
  '57P02',
  '57P03',
  '53300', // too_many_connections
  'ER_CON_COUNT_ERROR',
  'ER_STATEMENT_TIMEOUT',
  'ER_QUERY_TIMEOUT',
  'ER_GET_CONNECTION_TIMEOUT',
  'ER_CONNECTION_TIMEOUT',
  'ER_SOCKET_UNEXPECTED_CLOSE',
  'ER_QUERY_INTERRUPTED',
  'ER_LOCK_WAIT_TIMEOUT',
  'SQLITE_BUSY',
]);

const UNAVAILABLE_NAMES = new Set([
  'ConnectionException',
  'LockWaitTimeoutException',
  'KnexTimeoutError',
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
]);

/** node-postgres reports a lost or slow connection with a message and no code. */
const PG_UNAVAILABLE =
  /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout)/;

function* causes(error: unknown): Generator<Record<string, unknown>> {
  let current = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    yield current as Record<string, unknown>;
    current = (current as { cause?: unknown }).cause;
  }
}

/** Whether an error means the database cannot be reached or answered too late. */
export function isUnavailable(error: unknown): boolean {
  for (const e of causes(error)) {
    if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || e.code.startsWith('08')))
      return true;
    if (typeof e.name === 'string' && UNAVAILABLE_NAMES.has(e.name)) return true;
    if (typeof e.message === 'string' && PG_UNAVAILABLE.test(e.message)) return true;
  }
  return false;
}

/**
 * Maps database errors to client-safe HTTP errors: a missing entity → 404, a unique violation
 * → 409 naming the fields (never the value), a database down or slow → 503. The driver's text
 * stays in the logs; the response carries only what is written here.
 */
export function createOrmErrorMapper(
  adapter: Adapter,
  uniqueKeys: () => UniqueKeyLookup | undefined,
): ErrorMapper {
  return (error) => {
    if (error instanceof NotFoundError) {
      const entity = /^(\w+) not found/.exec(error.message)?.[1];
      return new HttpError('ERR_NOT_FOUND', {
        detail: entity ? `${entity} not found.` : 'Not found.',
        cause: error,
      });
    }
    if (error instanceof UniqueConstraintViolationException) {
      const key = adapter.uniqueKey(error as unknown as Record<string, unknown>);
      const fields = key === undefined ? undefined : uniqueKeys()?.(key);
      return new HttpError('ERR_CONFLICT', {
        detail: fields?.length
          ? `A record with this ${fields.join(' and ')} already exists.`
          : 'A record with these values already exists.',
        errors: fields?.map((field) => ({ field, message: 'is already taken' })),
        cause: error,
      });
    }
    if (error instanceof ForeignKeyConstraintViolationException) {
      return new HttpError('ERR_CONFLICT', {
        detail: 'The record refers to a missing record, or others still refer to it.',
        cause: error,
      });
    }
    if ((error as { name?: unknown } | null)?.name === 'BSONError') {
      // An id that is not an ObjectId cannot name a document: the same 404 SQL gives.
      return new HttpError('ERR_NOT_FOUND', { detail: 'Not found.', cause: error });
    }
    if (isUnavailable(error)) {
      return new HttpError(
        'ERR_ORM_UNAVAILABLE',
        { detail: 'The database is unavailable.', headers: { 'retry-after': '5' }, cause: error },
        OrmErrors.ERR_ORM_UNAVAILABLE,
      );
    }
    return undefined;
  };
}
