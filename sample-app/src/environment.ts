import fs from 'node:fs';
import path from 'node:path';

/** The two ways to run the sample app. */
export type Profile = 'full' | 'minimal';
/** Where sessions live. */
export type SessionStoreKind = 'cookie' | 'memory' | 'redis' | 'database';

/** What every profile reads: the profile, `NODE_ENV` and `PORT`. */
export interface BaseEnvironment {
  readonly profile: Profile;
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly port: number;
}

/** The full profile's settings, read once from the environment at boot. */
export interface Environment extends BaseEnvironment {
  readonly databaseUrl: string;
  readonly sessionStore: SessionStoreKind;
  readonly redisUrl: string | undefined;
  /** Starts every Redis key the app writes (sessions, rate limits, login failures, jobs). */
  readonly redisPrefix: string;
  readonly sessionSecret: string | undefined;
  readonly adminUsername: string;
  readonly adminPassword: string | undefined;
  readonly reminderWebhookUrl: string | undefined;
}

/** A bad environment value: the message names the variable and what it expects. */
export class EnvironmentError extends Error {
  constructor(
    readonly variable: string,
    expected: string,
    got: string | undefined,
  ) {
    super(
      `${variable} ${got === undefined ? 'is missing' : `is ${JSON.stringify(got.length > 60 ? `${got.slice(0, 57)}...` : got)}`}; expected ${expected}`,
    );
    this.name = 'EnvironmentError';
  }
}

/** The sample app's folder (where `views/` and `data/` live), from `src/` or `dist/`. */
export const APP_ROOT = path.resolve(__dirname, '..');

function oneOf<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  values: readonly T[],
  fallback: T,
): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if ((values as readonly string[]).includes(raw)) return raw as T;
  throw new EnvironmentError(name, `one of ${values.join(', ')}`, raw);
}

function url(
  env: NodeJS.ProcessEnv,
  name: string,
  schemes: RegExp,
  expected: string,
): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let ok = schemes.test(raw);
  if (ok && !/^(sqlite|file):/i.test(raw)) {
    try {
      new URL(raw);
    } catch {
      ok = false;
    }
  }
  if (!ok) throw new EnvironmentError(name, expected, raw);
  return raw;
}

const DATABASE_EXPECTED = 'sqlite:<file>, postgres://, mysql://, mariadb:// or mongodb:// URL';

/**
 * `DATABASE_URL`, checked here so a mistake names the variable (not the orm plugin's option):
 * a known scheme, a host and a database name for servers, and for SQLite a file whose folder
 * exists or can be created and is writable (an unusable path fails now instead of hanging).
 */
function databaseUrl(env: NodeJS.ProcessEnv): string {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === '') return `sqlite:${path.join(APP_ROOT, 'data', 'app.db')}`;
  const scheme =
    /^(sqlite:|file:|postgres(ql)?:\/\/|mysql:\/\/|mariadb:\/\/|mongodb(\+srv)?:\/\/)/i.exec(
      raw,
    )?.[1];
  if (!scheme) throw new EnvironmentError('DATABASE_URL', DATABASE_EXPECTED, masked(raw));
  if (/^(sqlite|file):$/i.test(scheme)) {
    checkSqliteFile(raw.slice(scheme.length).replace(/^\/\//, ''), raw);
    return raw;
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !parsed.hostname)
    throw new EnvironmentError('DATABASE_URL', `a ${scheme} URL with a host`, masked(raw));
  if (!parsed.pathname.replace(/^\//, ''))
    throw new EnvironmentError(
      'DATABASE_URL',
      `a database name as the URL's path, e.g. ${scheme}${parsed.host}/app`,
      masked(raw),
    );
  return raw;
}

function masked(raw: string): string {
  return raw.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:*****@');
}

function checkSqliteFile(file: string, raw: string): void {
  if (file === ':memory:') return;
  const expected = 'sqlite:<file> where the file (or its folder) can be created and written';
  if (!file) throw new EnvironmentError('DATABASE_URL', expected, raw);
  const target = path.resolve(APP_ROOT, file);
  try {
    const stat = fs.statSync(target, { throwIfNoEntry: false });
    if (stat && !stat.isFile()) throw new Error('not a file');
    createFolders(path.dirname(target));
    fs.accessSync(stat ? target : path.dirname(target), fs.constants.R_OK | fs.constants.W_OK);
  } catch {
    throw new EnvironmentError('DATABASE_URL', expected, raw);
  }
}

/**
 * Creates the missing folders of `dir` one level at a time. Not `mkdirSync(…, { recursive })`:
 * under `/proc` that never returns (it is how `sqlite:/proc/x/y.db` used to hang the boot).
 */
function createFolders(dir: string): void {
  const missing: string[] = [];
  let current = dir;
  while (!fs.existsSync(current)) {
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (!fs.statSync(current).isDirectory()) throw new Error('not a folder');
  for (const folder of missing) fs.mkdirSync(folder);
}

function port(env: NodeJS.ProcessEnv): number {
  const raw = env.PORT;
  if (raw === undefined || raw === '') return 3000;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < 0 || n > 65535)
    throw new EnvironmentError('PORT', 'an integer from 0 to 65535', raw);
  return n;
}

/** The profile from `--profile <name>` / `--profile=<name>` or `PROFILE`; `full` by default. */
export function readProfile(argv: readonly string[], env: NodeJS.ProcessEnv): Profile {
  let raw = env.PROFILE;
  let source = 'PROFILE';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--profile') {
      const next = argv[i + 1];
      // `--profile` last or followed by another flag has no value: never fall back to full.
      raw = next === undefined || next.startsWith('-') ? '' : next;
      source = '--profile';
    } else if (arg.startsWith('--profile=')) {
      raw = arg.slice('--profile='.length);
      source = '--profile';
    }
  }
  if (source === '--profile' && raw === '')
    throw new EnvironmentError('--profile', 'a value: full or minimal', undefined);
  if (raw === undefined || raw === '') return 'full';
  if (raw === 'full' || raw === 'minimal') return raw;
  throw new EnvironmentError(source, 'full or minimal', raw);
}

/** Reads the profile, `NODE_ENV` and `PORT`: all the minimal profile needs. */
export function readBaseEnvironment(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): BaseEnvironment {
  return {
    profile: readProfile(argv, env),
    nodeEnv: oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development'),
    port: port(env),
  };
}

/**
 * Reads and checks every setting of the full profile; the first bad value throws an
 * {@link EnvironmentError}.
 *
 * @example
 * const settings = readEnvironment(process.argv.slice(2), process.env);
 */
export function readEnvironment(argv: readonly string[], env: NodeJS.ProcessEnv): Environment {
  const base = readBaseEnvironment(argv, env);
  const nodeEnv = base.nodeEnv;
  const sessionStore = oneOf(
    env,
    'SESSION_STORE',
    ['cookie', 'memory', 'redis', 'database'] as const,
    'cookie',
  );
  const redisUrl = url(env, 'REDIS_URL', /^rediss?:\/\//i, 'a redis:// or rediss:// URL');
  if (sessionStore === 'redis' && !redisUrl)
    throw new EnvironmentError(
      'REDIS_URL',
      'a redis:// URL because SESSION_STORE is redis',
      undefined,
    );
  const redisPrefix = env.REDIS_PREFIX || 'pith-sample';
  if (!/^[A-Za-z0-9._:-]{1,64}$/.test(redisPrefix))
    throw new EnvironmentError(
      'REDIS_PREFIX',
      '1-64 letters, digits, ".", "_", ":" or "-"',
      redisPrefix,
    );
  const sessionSecret = env.SESSION_SECRET || undefined;
  if (sessionSecret !== undefined && sessionSecret.length < 32)
    throw new EnvironmentError('SESSION_SECRET', 'at least 32 characters', '(a shorter value)');
  if (nodeEnv === 'production' && !sessionSecret)
    throw new EnvironmentError(
      'SESSION_SECRET',
      'at least 32 random characters in production',
      undefined,
    );
  const adminUsername = env.ADMIN_USERNAME || 'admin';
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(adminUsername))
    throw new EnvironmentError(
      'ADMIN_USERNAME',
      '1-64 letters, digits, ".", "_", "@" or "-"',
      adminUsername,
    );
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 8)
    throw new EnvironmentError('ADMIN_PASSWORD', 'at least 8 characters', '(a shorter value)');
  if (nodeEnv === 'production' && !adminPassword)
    throw new EnvironmentError(
      'ADMIN_PASSWORD',
      'the admin password (at least 8 characters) in production',
      undefined,
    );
  return {
    ...base,
    databaseUrl: databaseUrl(env),
    sessionStore,
    redisUrl,
    redisPrefix,
    sessionSecret,
    adminUsername,
    adminPassword,
    reminderWebhookUrl: url(
      env,
      'REMINDER_WEBHOOK_URL',
      /^https?:\/\//i,
      'an http:// or https:// URL',
    ),
  };
}
