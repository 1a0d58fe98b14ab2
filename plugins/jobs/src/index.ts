export { jobsPlugin as default, jobsPlugin, type JobsOptions } from './jobs-plugin';
export {
  JOBS,
  type Jobs,
  type JobContext,
  type JobEvents,
  type JobHandler,
  type JobWrapper,
  type PendingJob,
  type ScheduleOptions,
} from './jobs';
export { ManualClock, systemClock, type Clock, type TimerHandle } from './clock';
export { JobErrors } from './job-errors';
