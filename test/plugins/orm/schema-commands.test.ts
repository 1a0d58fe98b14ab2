import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type Application } from '@pith/core';
import { ORM, ormPlugin, type OrmOptions } from '@pith/orm';
import { Appointment, Customer } from '../../contract/orm/contract-entities';

const work = mkdtempSync(path.join(tmpdir(), 'pith-orm-schema-'));
// Migrations are written under test/ so their `require('@mikro-orm/migrations')` resolves.
const migrations = mkdtempSync(path.join(__dirname, '.migrations-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(migrations, { recursive: true, force: true });
});

function app(file: string, extra: Partial<OrmOptions> = {}): Application {
  return createApp({
    env: 'test',
    logger: { level: 'silent' },
    plugins: {
      orm: [
        ormPlugin,
        {
          url: `sqlite:${path.join(work, file)}`,
          entities: [Customer, Appointment],
          migrations: { path: migrations, emit: 'js' },
          ...extra,
        },
      ],
    },
  });
}

async function run(target: Application, command: string, args: string[] = []): Promise<string[]> {
  const lines: string[] = [];
  await target.commands.get(command)!.run(args, (line) => lines.push(line));
  return lines;
}

describe('orm schema commands', () => {
  it('creates the schema on first start without a manual step (schema: update)', async () => {
    const first = app('first-start.sqlite');
    await first.ready();
    const count = await first.resolve(ORM).withEntityManager((em) => em.count(Customer));
    expect(count).toBe(0);
    await first.close();
  });

  it('writes a migration from the entities, applies it once, then has nothing pending', async () => {
    // As `pith db:…` runs them: setup only, so the default schema step (update) never runs first.
    const target = app('migrations.sqlite').setup();
    const created = await run(target, 'db:migration:create', ['--initial']);
    expect(created[0]).toMatch(/^created Migration\d+/);
    expect(readdirSync(migrations).filter((f) => f.endsWith('.js'))).toHaveLength(1);
    expect(await run(target, 'db:migrate')).toEqual([
      expect.stringMatching(/^applied Migration\d+/),
    ]);
    expect(await run(target, 'db:migrate')).toEqual(['no pending migrations']);
    await target.close();

    const migrated = app('migrations.sqlite', { schema: 'migrate' });
    await migrated.ready();
    await expect(
      migrated.resolve(ORM).withEntityManager((em) => em.count(Appointment)),
    ).resolves.toBe(0);
    await migrated.close();
  });

  it('says the schema is empty when migrate finds no migration at all', async () => {
    const empty = mkdtempSync(path.join(work, 'no-migrations-'));
    const target = app('empty.sqlite', {
      schema: 'none',
      migrations: { path: empty, pathTs: undefined, tableName: 'pith_migrations', emit: 'js' },
    });
    await target.ready();
    await expect(target.resolve(ORM).syncSchema('migrate')).resolves.toMatch(
      /^the schema is empty: none in .*no-migrations-.*; run pith db:migration:create --initial/,
    );
    await target.close();
  });

  it('runs the seeder in one transaction and says so when there is none', async () => {
    const seeded = app('seed.sqlite', {
      seed: async (em) => {
        em.create(Customer, { email: 'seed@example.com', name: 'Seed' });
      },
    });
    await seeded.ready();
    expect(await run(seeded, 'db:seed')).toEqual(['seeded']);
    const emails = await seeded
      .resolve(ORM)
      .withEntityManager(async (em) => (await em.find(Customer, {})).map((c) => c.email));
    expect(emails).toEqual(['seed@example.com']);
    await seeded.close();

    const bare = app('seed.sqlite');
    await bare.ready();
    expect(await run(bare, 'db:seed')).toEqual([
      'no seeder: set plugins.orm.seed to a function (em) => Promise<void>',
    ]);
    await bare.close();
  });
});
