import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { serviceMissing, unreachableReason } from '../../support/services';

const run = promisify(execFile);
const script = path.join(__dirname, 'fixtures/print-orm-modules.js');
const dir = mkdtempSync(path.join(tmpdir(), 'pith-orm-drivers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function loadedFor(url: string): Promise<string[]> {
  const { stdout } = await run(process.execPath, [script, url], { timeout: 30_000 });
  return JSON.parse(stdout) as string[];
}

// A real Node process (not jest's module registry), so require.cache shows what was loaded.
describe('driver loading', () => {
  it('loads only the SQLite driver for a SQLite URL', async () => {
    const loaded = await loadedFor(`sqlite:${path.join(dir, 'drivers.sqlite')}`);
    expect(loaded).toEqual(
      expect.arrayContaining(['@mikro-orm/better-sqlite', '@mikro-orm/core', 'better-sqlite3']),
    );
    for (const other of [
      '@mikro-orm/postgresql',
      '@mikro-orm/mariadb',
      '@mikro-orm/mongodb',
      '@mikro-orm/migrations',
      'pg',
      'mariadb',
      'mongodb',
    ]) {
      expect(loaded).not.toContain(other);
    }
  }, 40_000);

  const pgDown = unreachableReason('127.0.0.1', 5432);
  (!pgDown || serviceMissing('the PostgreSQL driver-loading test', pgDown) ? it : it.skip)(
    'loads only the PostgreSQL driver for a postgres URL',
    async () => {
      const loaded = await loadedFor('postgres://postgres@127.0.0.1:5432/test');
      expect(loaded).toEqual(expect.arrayContaining(['@mikro-orm/postgresql', 'pg']));
      for (const other of [
        '@mikro-orm/better-sqlite',
        '@mikro-orm/mariadb',
        '@mikro-orm/mongodb',
        'better-sqlite3',
        'mariadb',
        'mongodb',
      ]) {
        expect(loaded).not.toContain(other);
      }
    },
    40_000,
  );
});
