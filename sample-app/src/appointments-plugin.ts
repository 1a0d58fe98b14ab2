import { definePlugin, s } from '@pith/core';
import { JOBS, type Clock } from '@pith/jobs';
import { ORM } from '@pith/orm';
import { currentUser } from '@pith/security';
import { VIEWS } from '@pith/views';
import { CLOCK, SETTINGS } from './app-tokens';
import { AppointmentsService } from './appointments/appointments.service';
import { LoginThrottle, memoryFailureStore, redisFailureStore } from './auth/login-throttle';
import type { Environment } from './environment';
import { preferJsonForJsonBodies } from './http/json-clients';
import { ReminderNotifier } from './reminders/reminder-notifier';
import { REMINDER_JOB, type ReminderPayload } from './reminders/reminder-job';
import { RemindersService } from './reminders/reminders.service';
import type { User } from './users/user.entity';
import { UsersService } from './users/users.service';

/**
 * How the security plugin's `loadUser` reaches the users service: its options are written before
 * the container exists, so the app plugin fills this in at setup.
 */
export interface UserLookup {
  findById: ((id: string) => Promise<User | null>) | undefined;
}

/** The app plugin's options: the settings and the clock shared with the jobs plugin. */
export interface AppointmentsPluginOptions {
  readonly settings: Environment;
  readonly clock: Clock;
  /** Filled at ready with lines for the start banner (the generated admin password); logged when absent. */
  readonly notices?: string[];
  readonly users: UserLookup;
}

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null;

/**
 * The appointment-reminders app as a plugin: its services, the reminder job, the admin user and
 * the reminders restored at boot.
 */
export const appointmentsPlugin = definePlugin<AppointmentsPluginOptions>({
  name: 'appointments',
  dependencies: ['router', 'views', 'orm', 'session', 'security', 'jobs'],
  options: s.object({
    settings: s.custom<Environment>('the settings from readEnvironment()', isObject),
    clock: s.custom<Clock>('a clock', isObject),
    notices: s.custom<string[]>('an array', Array.isArray).optional(),
    users: s.custom<UserLookup>('a user lookup', isObject),
  }),
  setup(ctx, { settings, clock, notices, users }) {
    ctx.provide(SETTINGS, { useValue: settings });
    ctx.provide(CLOCK, { useValue: clock });
    const throttle = new LoginThrottle(
      settings.redisUrl
        ? redisFailureStore(settings.redisUrl, `${settings.redisPrefix}:login-failures:`)
        : memoryFailureStore(clock),
    );
    ctx.provide(LoginThrottle, { useValue: throttle });
    ctx.onClose(() => throttle.close());
    ctx.provide(UsersService, { useClass: UsersService });
    ctx.provide(AppointmentsService, { useClass: AppointmentsService });
    ctx.provide(RemindersService, { useClass: RemindersService });
    ctx.provide(ReminderNotifier, { useClass: ReminderNotifier });
    users.findById = (id) => ctx.resolve(UsersService).findById(id);

    // Pages and API answers carry the CSRF token, the user or their appointments: no cache may
    // keep them (a shared proxy, the back button after sign-out). Health checks stay cacheable.
    ctx.addHook('onRequest', (req) => {
      if (req.path !== '/healthz' && req.path !== '/readyz')
        req.reply.header('cache-control', 'no-store');
      preferJsonForJsonBodies(req);
    });

    // The header shows who is signed in; only the username reaches templates.
    ctx.resolve(VIEWS).addLocals(async (req) => {
      const user = await currentUser<User>(req);
      return { currentUser: user ? { username: user.username } : null };
    });

    // The jobs plugin runs each job in its own EntityManager fork (it sees the orm plugin).
    const jobs = ctx.resolve(JOBS);
    const orm = ctx.resolve(ORM);
    jobs.define<ReminderPayload>(REMINDER_JOB, async (payload) => {
      await ctx.resolve(RemindersService).send(payload);
    });

    ctx.onReady(async () => {
      const outcome = await orm.withEntityManager(() =>
        ctx
          .resolve(UsersService)
          .ensureAdmin(settings.adminUsername, settings.adminPassword, new Date(clock.now())),
      );
      const lines =
        outcome.action === 'created' && 'generatedPassword' in outcome && outcome.generatedPassword
          ? [
              `Admin user created: username "${outcome.username}", password "${outcome.generatedPassword}"`,
              '(generated once; set ADMIN_PASSWORD to choose it, it is not shown again)',
            ]
          : [`Sign in as "${outcome.username}" (ADMIN_USERNAME / ADMIN_PASSWORD).`];
      // main.ts prints the notices under its banner; under `pith start` they go to the terminal
      // once, never through the logger (a password must not land in structured logs).
      if (notices) notices.push(...lines);
      else process.stdout.write(`${lines.join('\n')}\n`);
      const restored = await orm.withEntityManager(() => ctx.resolve(RemindersService).restore());
      if (restored > 0)
        ctx.logger.info({ restored }, 'reminders restored from stored appointments');
    });
  },
});
