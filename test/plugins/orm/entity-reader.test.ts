import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { createApp, type Application } from '@pith/core';
import { ORM, PithEntity, ormPlugin, type Orm } from '@pith/orm';

/** An integer key and a mapped column, as the TechEmpower tables have. */
@Entity({ tableName: 'reader_world' })
class Planet {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  id!: number;

  @Property({ type: 'integer', fieldName: 'randomnumber' })
  randomNumber!: number;
}

/** A hidden column: readable in code, never serialized. */
@Entity({ tableName: 'reader_account' })
class Account {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  id!: number;

  @Property({ type: 'string' })
  login!: string;

  @Property({ type: 'string', hidden: true, fieldName: 'password_hash' })
  passwordHash!: string;
}

@Entity({ tableName: 'reader_pair' })
class Pair {
  @PrimaryKey({ type: 'integer' }) a!: number;
  @PrimaryKey({ type: 'integer' }) b!: number;
}

class NotAnEntity {}

/** MongoDB's entity: its own class, since one class binds to one backend type per process. */
@Entity()
class Note extends PithEntity {
  @Property() text!: string;
}

const dir = mkdtempSync(path.join(tmpdir(), 'pith-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function app(url: string, entities: unknown[]): Application {
  return createApp({
    env: 'test',
    logger: { level: 'silent' },
    plugins: { orm: [ormPlugin, { url, entities, schema: 'update' }] },
  });
}

describe('orm.reader on SQLite', () => {
  let application: Application;
  let orm: Orm;
  beforeAll(async () => {
    application = app(`sqlite:${path.join(dir, 'reader.sqlite')}`, [Planet, Pair, Account]);
    await application.ready();
    orm = application.resolve(ORM);
    await orm.withEntityManager(async (em) => {
      for (let id = 1; id <= 5; id++) em.create(Planet, { id, randomNumber: id * 10 });
      await em.flush();
    });
  });
  afterAll(() => application.close());

  it('reads by an integer key given as a number or as a URL segment', async () => {
    const planets = orm.reader(Planet);
    expect(await planets.findById(3)).toEqual({ id: 3, randomNumber: 30 });
    expect(await planets.findById('4')).toEqual({ id: 4, randomNumber: 40 });
    expect(await planets.findById(99)).toBeNull();
    await expect(planets.findByIdOrFail(99)).rejects.toMatchObject({
      code: 'ERR_NOT_FOUND',
      status: 404,
      detail: 'Planet not found.',
    });
    expect(orm.reader(Planet)).toBe(planets);
  });

  it('refuses an id of the wrong type with 400 naming the property', async () => {
    for (const id of ['abc', '1; drop table reader_world', '', Number.NaN, {}, [1], true]) {
      await expect(orm.reader(Planet).findById(id as number)).rejects.toMatchObject({
        code: 'ERR_ORM_READER_INVALID',
        status: 400,
        errors: [{ field: 'id', message: 'id must be a number' }],
      });
    }
  });

  it('filters and sorts by property names, mapped to their columns', async () => {
    const rows = await orm
      .reader(Planet)
      .findBy({ randomNumber: 20 }, { orderBy: { id: 'desc' }, limit: 1 });
    expect(rows).toEqual([{ id: 2, randomNumber: 20 }]);
    await expect(orm.reader(Planet).findBy({ randomnumber: 20 } as never)).rejects.toMatchObject({
      code: 'ERR_ORM_READER_INVALID',
    });
  });

  it('registers nothing in the request EntityManager (no identity-map entry)', async () => {
    await orm.withEntityManager(async (em) => {
      await orm.reader(Planet).findById(1);
      expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
    });
  });

  it('hands a row to the unit of work with em.merge, which flushes the change', async () => {
    const row = await orm.reader(Planet).findByIdOrFail(5);
    await orm.withEntityManager(async (em) => {
      const planet = em.merge(Planet, row);
      planet.randomNumber = 4242;
      await em.flush();
    });
    expect(await orm.reader(Planet).findById(5)).toEqual({ id: 5, randomNumber: 4242 });
    expect(row.randomNumber).toBe(50);
  });

  it('keeps hidden properties readable but out of JSON, as entities do', async () => {
    await orm.withEntityManager(async (em) => {
      em.create(Account, { id: 1, login: 'ada', passwordHash: 'h4sh' });
      await em.flush();
    });
    const account = await orm.reader(Account).findByIdOrFail(1);
    expect(account.passwordHash).toBe('h4sh');
    expect(JSON.parse(JSON.stringify(account))).toEqual({ id: 1, login: 'ada' });
    expect(Object.keys(account)).toEqual(['id', 'login']);
  });

  it('refuses entities it cannot read like the EntityManager, with a coded error', () => {
    expect(() => orm.reader(Pair)).toThrow(
      expect.objectContaining({
        code: 'ERR_ORM_READER_UNSUPPORTED',
        message: expect.stringMatching(/exactly one primary key/),
      }),
    );
    expect(() => orm.reader(NotAnEntity)).toThrow(/add it to plugins\.orm\.entities/);
  });
});

describe('orm.reader on MongoDB', () => {
  it('is refused with ERR_ORM_READER_UNSUPPORTED (built at setup, no server needed)', async () => {
    // setup only: the error is about the backend, not about reaching a server.
    const mongo = app('mongodb://127.0.0.1:1/pith_reader', [Note]).setup();
    expect(() => mongo.resolve(ORM).reader(Note)).toThrow(
      expect.objectContaining({
        code: 'ERR_ORM_READER_UNSUPPORTED',
        message: expect.stringMatching(/MongoDB/),
      }),
    );
    await mongo.close();
  });
});
