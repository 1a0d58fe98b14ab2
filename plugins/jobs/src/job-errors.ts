import { defineErrorCodes } from '@pith/core';

/** The jobs plugin's error codes. */
export const JobErrors = defineErrorCodes({
  ERR_JOBS_NO_HANDLER: { status: 500, title: 'No handler for this job name' },
  ERR_JOBS_INVALID: { status: 500, title: 'Invalid job' },
  ERR_JOBS_LIMIT: { status: 503, title: 'Too many pending jobs' },
  ERR_JOBS_CLOSED: { status: 503, title: 'The scheduler is closed' },
  ERR_JOBS_DEFINE_LATE: { status: 500, title: 'Job handler defined after start' },
  ERR_JOBS_REDIS_UNREACHABLE: { status: 503, title: 'Redis unreachable' },
  ERR_JOBS_BACKEND_MISSING: { status: 500, title: 'Job backend package not installed' },
});
