import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentError, readEnvironment } from '../../sample-app/src/environment';

const ROOT = path.resolve(__dirname, '../..');
const TS_REGISTER = path.join(__dirname, '../support/ts-register.js');

describe('sample app environment', () => {
  const bad: Array<[string, Record<string, string>, RegExp]> = [
    ['PORT', { PORT: 'eighty' }, /^PORT is "eighty"; expected an integer from 0 to 65535$/],
    ['PORT', { PORT: '70000' }, /^PORT .*0 to 65535/],
    [
      'NODE_ENV',
      { NODE_ENV: 'staging' },
      /^NODE_ENV is "staging"; expected one of development, production, test$/,
    ],
    [
      'DATABASE_URL',
      { DATABASE_URL: 'oracle://db/x' },
      /^DATABASE_URL .*expected sqlite:<file>, postgres:\/\//,
    ],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://' }, /^DATABASE_URL .*with a host$/],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://root@db' }, /^DATABASE_URL .*database name/],
    [
      'DATABASE_URL',
      { DATABASE_URL: 'postgres://u:secret@db:5432' },
      /^DATABASE_URL is "postgres:\/\/u:\*\*\*\*\*@db:5432"; expected a database name/,
    ],
    [
      'DATABASE_URL',
      { DATABASE_URL: 'sqlite:' },
      /^DATABASE_URL is "sqlite:"; expected sqlite:<file>/,
    ],
    // This path used to hang the boot (a recursive mkdir under /proc never returns).
    ['DATABASE_URL', { DATABASE_URL: 'sqlite:/proc/x/y.db' }, /^DATABASE_URL .*can be created/],
    ['DATABASE_URL', { DATABASE_URL: `sqlite:${os.tmpdir()}` }, /^DATABASE_URL .*can be created/],
    [
      'SESSION_STORE',
      { SESSION_STORE: 'disk' },
      /^SESSION_STORE .*expected one of cookie, memory, redis, database$/,
    ],
    ['REDIS_URL', { SESSION_STORE: 'redis' }, /^REDIS_URL is missing; expected a redis:\/\/ URL/],
    ['REDIS_URL', { REDIS_URL: 'localhost:6379' }, /^REDIS_URL .*redis:\/\//],
    ['SESSION_SECRET', { SESSION_SECRET: 'short' }, /^SESSION_SECRET .*at least 32 characters$/],
    [
      'SESSION_SECRET',
      { NODE_ENV: 'production', ADMIN_PASSWORD: 'long enough pw' },
      /^SESSION_SECRET is missing/,
    ],
    [
      'ADMIN_PASSWORD',
      { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) },
      /^ADMIN_PASSWORD is missing/,
    ],
    ['ADMIN_USERNAME', { ADMIN_USERNAME: 'bad name!' }, /^ADMIN_USERNAME /],
    [
      'REMINDER_WEBHOOK_URL',
      { REMINDER_WEBHOOK_URL: 'ftp://x' },
      /^REMINDER_WEBHOOK_URL .*http:\/\//,
    ],
    ['--profile', { PROFILE: 'huge' }, /^PROFILE is "huge"; expected full or minimal$/],
  ];
  it.each(bad)('a bad %s stops the boot naming it and what it expects', (_name, env, message) => {
    expect(() => readEnvironment([], env)).toThrow(EnvironmentError);
    expect(() => readEnvironment([], env)).toThrow(message);
  });

  it('has defaults for everything in development', () => {
    const settings = readEnvironment([], {});
    expect(settings).toMatchObject({
      profile: 'full',
      nodeEnv: 'development',
      port: 3000,
      sessionStore: 'cookie',
      adminUsername: 'admin',
      adminPassword: undefined,
    });
    expect(settings.databaseUrl).toBe(`sqlite:${path.join(ROOT, 'sample-app', 'data', 'app.db')}`);
    expect(readEnvironment(['--profile', 'minimal'], {}).profile).toBe('minimal');
    expect(readEnvironment(['--profile=minimal'], {}).profile).toBe('minimal');
  });

  it('starts on SQLite, prints the URL and the generated admin credentials once, and serves', async () => {
    const db = path.join(os.tmpdir(), `pith-sample-boot-${process.pid}.sqlite`);
    rmSync(db, { force: true });
    const start = async (): Promise<{ stdout: string; status: number }> => {
      const child = spawn(process.execPath, ['-r', TS_REGISTER, 'sample-app/src/main.ts'], {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_ENV: 'development',
          PORT: '0',
          DATABASE_URL: `sqlite:${db}`,
          LOG_LEVEL: 'info',
          ADMIN_PASSWORD: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      const output = (): string => stdout + stderr;
      const exited = new Promise<number | null>((resolve) =>
        child.once('exit', (code) => resolve(code)),
      );
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
          const match =
            /running at (http:\/\/localhost:\d+)[\s\S]*(Sign in as|Admin user created)[^\n]*\n/.exec(
              stdout,
            );
          if (match) resolve(match[1]);
        });
        void exited.then((code) => reject(new Error(`exited (${code}):\n${stdout}\n${stderr}`)));
      });
      const res = await fetch(`${url}/login`);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      return { stdout: output(), status: res.status };
    };
    try {
      const first = await start();
      expect(first.status).toBe(200);
      expect(first.stdout).toMatch(/full profile\) is running at http:\/\/localhost:\d+/);
      expect(first.stdout).toMatch(
        /Admin user created: username "admin", password "[A-Za-z0-9_-]{16}"/,
      );
      // Once, under the banner: never again in a log line (stdout and stderr, JSON-escaped too).
      expect(first.stdout.match(/password \\?"/g)).toHaveLength(1);
      const second = await start();
      expect(second.stdout).not.toMatch(/password \\?"/);
      expect(second.stdout).toContain('Sign in as "admin"');
    } finally {
      rmSync(db, { force: true });
    }
  }, 60_000);

  it('a bad value stops the process with the variable named', async () => {
    const child = spawn(process.execPath, ['-r', TS_REGISTER, 'sample-app/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('Cannot start: PORT is "eighty"; expected an integer from 0 to 65535');
  }, 30_000);
});
