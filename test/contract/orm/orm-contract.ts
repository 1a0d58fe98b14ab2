import type { Application } from '@pith/core';
import { ORM, type Orm } from '@pith/orm';
import { isCi, serviceMissing } from '../../support/services';
import type { BackendFixture } from './backends';
import { buildApp, deferred, DRIVER_WORDS } from './contract-app';
import { Appointment, Customer, Status, Tier } from './contract-entities';
import type { Gates } from './contract-routes';
import { describeOutageCases } from './outage-cases';
import { describeReaderCases } from './reader-cases';

/**
 * The one persistence contract: every backend runs exactly these tests through the same entity
 * classes. A backend that is not reachable is skipped loudly, or fails under CI=true when the
 * README calls it required.
 */
export function describeOrmContract(fixture: BackendFixture): void {
  const title = `orm contract on ${fixture.backend}`;
  if (fixture.unavailable) {
    if (isCi() && fixture.requiredInCi) {
      describe(title, () => {
        it('has its database server reachable under CI', () => {
          throw new Error(`${fixture.backend} is required under CI=true: ${fixture.unavailable}`);
        });
      });
      return;
    }
    serviceMissing(title, fixture.unavailable, false);
    describe.skip(title, () => it('runs', () => undefined));
    return;
  }

  describe(title, () => {
    const gates: Gates = {};
    let app: Application;
    let orm: Orm;
    let url: string;

    beforeAll(async () => {
      url = await fixture.create();
      app = buildApp(url, gates);
      await app.ready();
      orm = app.resolve(ORM);
    });

    afterAll(async () => {
      if (fixture.backend === 'mongodb' && orm) {
        await orm.withEntityManager((em) =>
          (em.getConnection() as unknown as { getDb(): { dropDatabase(): Promise<unknown> } })
            .getDb()
            .dropDatabase(),
        );
      }
      await app?.close();
      await fixture.drop();
    });

    const seedCustomer = (email: string, extra: Partial<Customer> = {}): Promise<Customer> =>
      orm.withEntityManager(async (em) => {
        const c = em.create(Customer, { email, name: 'Ada', ...extra });
        await em.flush();
        return c;
      });

    it('creates, reads, updates and deletes with a string id', async () => {
      const created = await seedCustomer('crud@example.com');
      expect(typeof created.id).toBe('string');
      expect(created.id.length).toBeGreaterThan(0);
      await orm.withEntityManager(async (em) => {
        const found = await em.findOneOrFail(Customer, created.id);
        expect(found).not.toBe(created);
        expect(found.email).toBe('crud@example.com');
        found.name = 'Grace';
        await em.flush();
      });
      await orm.withEntityManager(async (em) => {
        const found = await em.findOneOrFail(Customer, { id: created.id });
        expect(found.name).toBe('Grace');
        const json = JSON.parse(JSON.stringify(found)) as Record<string, unknown>;
        expect(json.id).toBe(created.id);
        expect(json).not.toHaveProperty('_id');
        await em.remove(found).flush();
      });
      await orm.withEntityManager(async (em) => {
        expect(await em.findOne(Customer, created.id)).toBeNull();
      });
    });

    it('gives the id as soon as em.create returns', async () => {
      await orm.withEntityManager(async (em) => {
        const c = em.create(Customer, { email: 'early@example.com', name: 'Early' });
        expect(typeof c.id).toBe('string');
        await em.flush();
        expect((await em.fork().findOneOrFail(Customer, c.id)).email).toBe('early@example.com');
      });
    });

    it('stores nullable fields as null and enums as their values on every backend', async () => {
      const c = await seedCustomer('nullable@example.com', { tier: Tier.Premium });
      expect(c.notes).toBeNull();
      await orm.withEntityManager(async (em) => {
        const found = await em.findOneOrFail(Customer, c.id);
        expect(found.notes).toBeNull();
        expect(found.tier).toBe(Tier.Premium);
        found.notes = 'now set';
        await em.flush();
        expect((await em.fork().findOneOrFail(Customer, c.id)).notes).toBe('now set');
        expect(
          await em.fork().count(Customer, { notes: null, email: 'nullable@example.com' }),
        ).toBe(0);
      });
    });

    it('round-trips instants exactly, whatever the process time zone', async () => {
      const previous = process.env.TZ;
      const instants = [
        '2024-03-31T01:30:00.123Z',
        '2024-10-27T00:59:59.999Z',
        '1999-12-31T23:59:59.001Z',
      ];
      try {
        process.env.TZ = 'America/New_York';
        const owner = await seedCustomer('tz@example.com');
        const ids = await orm.withEntityManager(async (em) => {
          const made = instants.map((iso, i) =>
            em.create(Appointment, {
              title: `tz ${i}`,
              startsAt: new Date(iso),
              customer: owner.id,
            }),
          );
          made.push(
            em.create(Appointment, {
              title: 'offset',
              startsAt: new Date('2024-06-01T12:00:00+05:30'),
              customer: owner.id,
            }),
          );
          await em.flush();
          return made.map((a) => a.id);
        });
        process.env.TZ = 'Asia/Kolkata';
        await orm.withEntityManager(async (em) => {
          const loaded = await em.find(
            Appointment,
            { id: { $in: ids } },
            { orderBy: { title: 'asc' } },
          );
          const byTitle = Object.fromEntries(loaded.map((a) => [a.title, a.startsAt]));
          expect(byTitle.offset).toBeInstanceOf(Date);
          expect(byTitle.offset.toISOString()).toBe('2024-06-01T06:30:00.000Z');
          instants.forEach((iso, i) => expect(byTitle[`tz ${i}`].toISOString()).toBe(iso));
          const after = await em.count(Appointment, {
            id: { $in: ids },
            startsAt: { $gte: new Date('2024-03-31T01:30:00.123Z') },
          });
          expect(after).toBe(3);
        });
      } finally {
        if (previous === undefined) delete process.env.TZ;
        else process.env.TZ = previous;
      }
    });

    it('loads ManyToOne and OneToMany relations and serializes references as ids', async () => {
      const owner = await seedCustomer('relations@example.com');
      await orm.withEntityManager(async (em) => {
        em.create(Appointment, {
          title: 'first',
          startsAt: new Date('2030-01-01T09:00:00Z'),
          customer: owner.id,
        });
        em.create(Appointment, {
          title: 'second',
          startsAt: new Date('2030-01-02T09:00:00Z'),
          customer: owner.id,
        });
        await em.flush();
      });
      await orm.withEntityManager(async (em) => {
        const customer = await em.findOneOrFail(Customer, owner.id, { populate: ['appointments'] });
        expect(
          customer.appointments
            .getItems()
            .map((a) => a.title)
            .sort(),
        ).toEqual(['first', 'second']);
        const appointment = await em.findOneOrFail(Appointment, {
          title: 'first',
          customer: owner.id,
        });
        expect(appointment.customer.id).toBe(owner.id);
        const json = JSON.parse(JSON.stringify(appointment)) as Record<string, unknown>;
        expect(json.customer).toBe(owner.id);
        await em.populate(appointment, ['customer']);
        expect(appointment.customer.email).toBe('relations@example.com');
      });
    });

    it('filters, orders and paginates through the list query, clamping the page size', async () => {
      const owner = await seedCustomer('list@example.com');
      await orm.withEntityManager(async (em) => {
        ['e', 'a', 'd', 'b', 'c'].forEach((t, i) =>
          em.create(Appointment, {
            title: `list-${t}`,
            startsAt: new Date(Date.UTC(2031, 0, 1 + i)),
            status: i % 2 === 0 ? Status.Scheduled : Status.Done,
            customer: owner.id,
          }),
        );
        await em.flush();
      });
      const first = await app.inject(`/appointments?customer=${owner.id}&sort=title`);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ total: 5, page: 1, pageSize: 2 });
      expect(first.json().items.map((a: Appointment) => a.title)).toEqual(['list-a', 'list-b']);
      const last = await app.inject(
        `/appointments?customer=${owner.id}&sort=-title&page=2&pageSize=1000`,
      );
      expect(last.json().pageSize).toBe(3);
      expect(last.json().items.map((a: Appointment) => a.title)).toEqual(['list-b', 'list-a']);
      const filtered = await app.inject(
        `/appointments?customer=${owner.id}&status=done&from=2031-01-03T00:00:00Z&sort=-startsAt`,
      );
      expect(filtered.json().items.map((a: Appointment) => a.title)).toEqual(['list-b']);
      expect(filtered.json().total).toBe(1);
    });

    it('refuses smuggled operators and unknown sort fields with 400', async () => {
      for (const url of [
        '/appointments?status[$ne]=x',
        '/appointments?status=done&status=scheduled',
        '/appointments?sort=password',
        '/appointments?customer[$ne]=',
        '/appointments?page=-1',
      ]) {
        const res = await app.inject({ url, headers: { accept: 'application/json' } });
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('ERR_ORM_QUERY_INVALID');
      }
    });

    it('maps a unique violation to 409 naming the field, without driver text', async () => {
      await seedCustomer('taken@example.com');
      await expect(seedCustomer('taken@example.com')).rejects.toMatchObject({
        name: 'UniqueConstraintViolationException',
      });
      const res = await app.inject({
        method: 'POST',
        url: '/customers?email=taken@example.com&name=X',
        headers: { accept: 'application/json' },
      });
      expect(res.statusCode).toBe(409);
      const body = res.json();
      expect(body.errors).toEqual([{ field: 'email', message: 'is already taken' }]);
      expect(body.detail).toBe('A record with this email already exists.');
      expect(res.body).not.toMatch(DRIVER_WORDS);
      expect(res.body).not.toContain('taken@example.com');
    });

    it('answers 404 for a missing or malformed id', async () => {
      const ok = await app.inject({
        method: 'POST',
        url: '/customers?email=found@example.com&name=F',
      });
      expect(ok.statusCode).toBe(201);
      const id = ok.json().id as string;
      expect((await app.inject(`/customers/${id}`)).json().email).toBe('found@example.com');
      await orm.withEntityManager(async (em) => em.nativeDelete(Customer, { id }));
      for (const missing of [id, 'not-an-id', '0123456789abcdef01234567']) {
        const res = await app.inject({
          url: `/customers/${missing}`,
          headers: { accept: 'application/json' },
        });
        expect(res.statusCode).toBe(404);
        expect(res.body).not.toMatch(DRIVER_WORDS);
      }
    });

    it('rolls a failed transaction back', async () => {
      const before = await orm.withEntityManager((em) => em.count(Customer));
      await expect(
        orm.transaction(async (em) => {
          em.create(Customer, { email: 'rollback@example.com', name: 'R' });
          await em.flush();
          expect(await em.count(Customer, { email: 'rollback@example.com' })).toBe(1);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      await orm.withEntityManager(async (em) => {
        expect(await em.count(Customer)).toBe(before);
        expect(await em.findOne(Customer, { email: 'rollback@example.com' })).toBeNull();
      });
      // Code holding the injected EntityManager (a service) joins the transaction too.
      await expect(
        orm.withEntityManager(() =>
          orm.transaction(async () => {
            orm.em.create(Customer, { email: 'service@example.com', name: 'S' });
            await orm.em.flush();
            throw new Error('service boom');
          }),
        ),
      ).rejects.toThrow('service boom');
      await orm.withEntityManager(async (em) =>
        expect(await em.count(Customer, { email: 'service@example.com' })).toBe(0),
      );
      const committed = await orm.transaction(async (em) =>
        em.create(Customer, { email: 'commit@example.com', name: 'C' }),
      );
      await orm.withEntityManager(async (em) =>
        expect((await em.findOneOrFail(Customer, committed.id)).name).toBe('C'),
      );
    });

    it("keeps concurrent requests' identity maps apart", async () => {
      const c = await seedCustomer('isolation@example.com');
      const mutated = deferred();
      const release = deferred();
      gates.mutated = mutated.resolve;
      gates.release = release.promise;
      try {
        const a = app.inject(`/touch?id=${c.id}&name=Changed`);
        await mutated.promise;
        const b = await app.inject(`/touch?id=${c.id}`);
        expect(b.json()).toEqual({ name: 'Ada', managed: 1 });
        release.resolve();
        expect((await a).json()).toEqual({ name: 'Changed', managed: 1 });
      } finally {
        delete gates.mutated;
        delete gates.release;
      }
      await orm.withEntityManager(async (em) =>
        expect((await em.findOneOrFail(Customer, c.id)).name).toBe('Ada'),
      );
      expect(() => orm.em.getUnitOfWork()).toThrow(/global/i);
    });

    it('reports ready through /readyz', async () => {
      const res = await app.inject('/readyz');
      expect(res.statusCode).toBe(200);
      expect(res.json().checks.database).toBe('ok');
    });

    describe('entity reader', () => describeReaderCases(fixture.backend, () => ({ app, orm })));

    if (fixture.network) describeOutageCases(fixture.network, fixture.backend);
  });
}
