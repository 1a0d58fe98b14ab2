import { defineErrorCodes } from '@pith/core';

/** The orm plugin's error codes, each defined once with its HTTP status. */
export const OrmErrors = defineErrorCodes({
  ERR_ORM_URL_INVALID: { status: 500, title: 'Invalid database URL' },
  ERR_ORM_DRIVER_MISSING: { status: 500, title: 'Database driver not installed' },
  ERR_ORM_CONNECT: { status: 503, title: 'Database unreachable' },
  ERR_ORM_SCHEMA: { status: 500, title: 'Schema synchronisation failed' },
  ERR_ORM_UNAVAILABLE: { status: 503, title: 'Service Unavailable' },
  ERR_ORM_QUERY_INVALID: { status: 400, title: 'Bad Request' },
  ERR_ORM_READER_INVALID: { status: 400, title: 'Bad Request' },
  ERR_ORM_READER_UNSUPPORTED: { status: 500, title: 'Entity reader unsupported' },
  ERR_ORM_READER_IN_TRANSACTION: { status: 500, title: 'Entity reader inside a transaction' },
});
