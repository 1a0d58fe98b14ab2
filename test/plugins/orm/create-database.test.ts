import { randomBytes } from 'node:crypto';
import { Entity, Property } from '@mikro-orm/core';
import { createApp, type Application } from '@pith/core';
import { ORM, PithEntity, ormPlugin, type Orm } from '@pith/orm';
import { serviceMissing, unreachableReason } from '../../support/services';

@Entity({ tableName: 'create_db_note' })
class CreateDbNote extends PithEntity {
  @Property() text!: string;
}

const servers = [
  {
    backend: 'PostgreSQL',
    base: 'postgresql://postgres@127.0.0.1:5432',
    admin: 'test',
    port: 5432,
  },
  { backend: 'MariaDB', base: 'mysql://root@127.0.0.1:3306', admin: 'test', port: 3306 },
].filter((s) => {
  const down = unreachableReason('127.0.0.1', s.port);
  return !down || serviceMissing(`creating a missing ${s.backend} database`, down);
});

function ormApp(url: string, schema: 'update' | 'migrate' | 'none'): Application {
  return createApp({
    env: 'production',
    logger: { level: 'silent' },
    plugins: { orm: [ormPlugin, { url, entities: [CreateDbNote], schema }] },
  });
}

/** The info lines plugins log (message and `database` field), recorded from their child loggers. */
function loggedMessages(app: Application): Array<[string, string]> {
  const lines: Array<[string, string]> = [];
  const child = app.logger.child.bind(app.logger);
  jest.spyOn(app.logger, 'child').mockImplementation((...args) => {
    const logger = child(...args);
    const info = logger.info.bind(logger);
    logger.info = ((fields: { database?: string }, message: string) => {
      if (typeof message === 'string') lines.push([message, String(fields?.database)]);
      return info(fields, message);
    }) as typeof logger.info;
    return logger;
  });
  return lines;
}

async function sql(app: Application, statement: string): Promise<unknown[]> {
  const orm = app.container.resolve<Orm>(ORM);
  return orm.withEntityManager((em) => em.getConnection().execute(statement));
}

describe.each(servers)('a missing $backend database', ({ base, admin }) => {
  const names: string[] = [];
  const fresh = () => {
    const name = `pith_created_${randomBytes(5).toString('hex')}`;
    names.push(name);
    return name;
  };

  afterAll(async () => {
    const adminApp = ormApp(`${base}/${admin}`, 'none');
    await adminApp.ready();
    for (const name of names) await sql(adminApp, `drop database if exists ${name}`);
    await adminApp.close();
  });

  it.each(['update', 'migrate'] as const)(
    'is created at boot in production with schema "%s", then used',
    async (schema) => {
      const name = fresh();
      const app = ormApp(`${base}/${name}`, schema);
      const logged = loggedMessages(app);
      await app.ready();
      expect(logged).toContainEqual([
        'database did not exist; created it',
        expect.stringContaining(name),
      ]);
      const [row] = (await sql(app, 'select 1 as one')) as Array<{ one: number }>;
      expect(Number(row.one)).toBe(1);
      await app.close();
      const adminApp = ormApp(`${base}/${admin}`, 'none');
      await adminApp.ready();
      const found = base.startsWith('postgresql')
        ? await sql(adminApp, `select 1 from pg_database where datname = '${name}'`)
        : await sql(adminApp, `show databases like '${name}'`);
      expect(found).toHaveLength(1);
      await adminApp.close();
    },
  );

  it('is not created with schema "none" in production: ERR_ORM_CONNECT names it', async () => {
    const name = fresh();
    const app = ormApp(`${base}/${name}`, 'none');
    await expect(app.ready()).rejects.toMatchObject({
      code: 'ERR_ORM_CONNECT',
      message: expect.stringContaining(name),
    });
    await app.close();
  });

  it('keeps ERR_ORM_CONNECT for a server that does not answer', async () => {
    const app = ormApp(`${base.replace(/:\d+$/, ':1')}/${fresh()}`, 'update');
    await expect(app.ready()).rejects.toMatchObject({
      code: 'ERR_ORM_CONNECT',
      message: expect.stringMatching(/cannot reach .*ECONNREFUSED/),
    });
    await app.close();
  });
});
