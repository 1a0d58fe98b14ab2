import { createApp, type AppConfig, type Application } from '@pith/core';
import { revokedSessionEntity, sessionEntity } from '@pith/session';
import { jobsPlugin, systemClock, type Clock } from '@pith/jobs';
import { Appointment } from './appointments/appointment.entity';
import { AppointmentsController } from './appointments/appointments.controller';
import { appointmentsPlugin, type UserLookup } from './appointments-plugin';
import { AuthController } from './auth/auth.controller';
import { APP_ROOT, type Environment } from './environment';
import { User } from './users/user.entity';

/** The full app and what to print once it listens. */
export interface FullApp {
  readonly app: Application;
  /** Filled when the app is ready: the admin credentials line(s). */
  readonly notices: readonly string[];
}

/**
 * The full profile's config: kernel, router, views, orm, session, security and jobs, with the
 * appointment-reminders app on top. Also what `pith start --config sample-app/dist/pith.config.js`
 * serves. `clock` is for tests (a `ManualClock` from @pith/jobs); `notices` is filled at ready.
 */
export function fullAppConfig(
  settings: Environment,
  options: { clock?: Clock; notices?: string[] } = {},
): AppConfig {
  const clock = options.clock ?? systemClock;
  const redis = settings.redisUrl;
  // Every Redis key the app writes starts with REDIS_PREFIX: deployments sharing a server never meet.
  const prefix = settings.redisPrefix;
  const users: UserLookup = { findById: undefined };
  // The cookie store's deny list: Redis when there is one, else the app's own database, so a
  // logged-out cookie stays dead across restarts and on every worker.
  const revocation =
    settings.sessionStore === 'cookie' ? (redis ? 'redis' : 'database') : undefined;
  return {
    name: 'pith-sample',
    env: settings.nodeEnv,
    rootDir: APP_ROOT,
    server: { port: settings.port },
    plugins: {
      router: { controllers: [AuthController, AppointmentsController] },
      views: { dir: 'views', layout: 'layouts/main' },
      // The sample ships no migrations: its two tables follow the entities on every backend,
      // in production too (a real app would switch to `migrate` and commit its migrations).
      orm: {
        url: settings.databaseUrl,
        entities: [
          Appointment,
          User,
          ...(settings.sessionStore === 'database' ? [sessionEntity()] : []),
          ...(revocation === 'database' ? [revokedSessionEntity()] : []),
        ],
        schema: 'update',
      },
      session: {
        store: settings.sessionStore,
        ...(settings.sessionSecret ? { secret: settings.sessionSecret } : {}),
        ...(redis ? { redis: { url: redis, keyPrefix: `${prefix}:session:` } } : {}),
        // A copied cookie must stop working at logout even though the cookie store is stateless.
        ...(revocation ? { revocation } : {}),
      },
      security: {
        auth: { loadUser: (id: string) => users.findById?.(id) },
        // Every unsafe request needs a token, cookie or not: a cross-site login post (login CSRF) is refused.
        csrf: { allowCookieless: false },
        ...(redis
          ? { rateLimit: { store: { redis: { url: redis, prefix: `${prefix}:rate-limit:` } } } }
          : {}),
      },
      jobs: [jobsPlugin, { clock, ...(redis ? { redisUrl: redis, prefix } : {}) }],
      appointments: [appointmentsPlugin, { settings, clock, notices: options.notices, users }],
    },
  };
}

/**
 * Creates the full app.
 *
 * @example
 * const { app, notices } = createFullApp(readEnvironment([], process.env));
 * await app.listen();
 */
export function createFullApp(
  settings: Environment,
  env: NodeJS.ProcessEnv = process.env,
  options: { clock?: Clock } = {},
): FullApp {
  const notices: string[] = [];
  return { app: createApp(fullAppConfig(settings, { ...options, notices }), env), notices };
}
