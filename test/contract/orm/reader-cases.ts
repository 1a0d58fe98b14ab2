import type { Application } from '@pith/core';
import type { Backend, Orm } from '@pith/orm';
import { DRIVER_WORDS } from './contract-app';
import { Appointment, Customer, Sample } from './contract-entities';

/**
 * The entity reader (orm.reader) on one backend: the same rows as the EntityManager, with
 * column names mapped, booleans, integers and instants typed, bad input refused with 400.
 */
export function describeReaderCases(
  backend: Backend,
  get: () => { app: Application; orm: Orm },
): void {
  if (backend === 'mongodb') {
    it('refuses a reader on MongoDB with ERR_ORM_READER_UNSUPPORTED', () => {
      expect(() => get().orm.reader(Customer)).toThrow(
        expect.objectContaining({ code: 'ERR_ORM_READER_UNSUPPORTED' }),
      );
    });
    return;
  }

  const taken = new Date('2024-03-31T01:30:00.123Z');
  const seed = (): Promise<Sample[]> =>
    get().orm.withEntityManager(async (em) => {
      const made = [
        em.create(Sample, { label: 'r-b', reading: 7, active: true, takenAt: taken }),
        em.create(Sample, { label: 'r-a', reading: -3, active: false, takenAt: new Date(0) }),
        em.create(Sample, { label: 'r-c', reading: 7, active: false, takenAt: taken, note: 'n' }),
      ];
      await em.flush();
      return made;
    });
  let samples: Sample[];
  beforeAll(async () => {
    samples = await seed();
  });

  it('reads a row by id with the types the EntityManager gives', async () => {
    const { orm } = get();
    const row = await orm.reader(Sample).findById(samples[0].id);
    const entity = await orm.withEntityManager((em) => em.findOneOrFail(Sample, samples[0].id));
    expect(row).toEqual({
      id: samples[0].id,
      label: 'r-b',
      reading: 7,
      active: true,
      takenAt: taken,
      note: null,
    });
    expect(row).toEqual({ ...entity });
    expect(row?.takenAt).toBeInstanceOf(Date);
    expect(await orm.reader(Sample).findById('no-such-id')).toBeNull();
  });

  it('filters by mapped columns, booleans, dates and null, with order and limit', async () => {
    const reader = get().orm.reader(Sample);
    const sevens = await reader.findBy({ reading: 7 }, { orderBy: { label: 'desc' } });
    expect(sevens.map((s) => s.label)).toEqual(['r-c', 'r-b']);
    expect((await reader.findBy({ active: false, takenAt: taken })).map((s) => s.label)).toEqual([
      'r-c',
    ]);
    expect((await reader.findBy({ note: null, reading: -3 }))[0]?.label).toBe('r-a');
    const ordered = await reader.findAll({ orderBy: { reading: 'asc', label: 'asc' }, limit: 2 });
    expect(ordered.map((s) => s.label)).toEqual(['r-a', 'r-b']);
  });

  it('gives an owning relation as the referenced id', async () => {
    const { orm } = get();
    const owner = await orm.withEntityManager(async (em) => {
      const c = em.create(Customer, { email: 'reader@example.com', name: 'Reader' });
      em.create(Appointment, { title: 'read me', startsAt: taken, customer: c });
      await em.flush();
      return c;
    });
    const [appointment] = await orm.reader(Appointment).findBy({ customer: owner.id });
    expect(appointment).toMatchObject({
      title: 'read me',
      customer: owner.id,
      status: 'scheduled',
    });
    const customer = await orm.reader(Customer).findByIdOrFail(owner.id);
    expect(customer).not.toHaveProperty('appointments');
    expect(customer.createdAt).toBeInstanceOf(Date);
  });

  it('refuses a wrong value type or an unknown property with 400, never as SQL', async () => {
    const reader = get().orm.reader(Sample);
    const bad: Array<() => Promise<unknown>> = [
      () => reader.findById(42),
      () => reader.findBy({ reading: 'seven' as unknown as number }),
      () => reader.findBy({ active: 'true' as unknown as boolean }),
      () => reader.findBy({ takenAt: 'yesterday' as unknown as Date }),
      () => reader.findBy({ 'label = label or 1': 1 } as never),
      () => reader.findBy({ label: { $ne: null } } as never),
      () => reader.findAll({ orderBy: { label: 'asc; drop table x' as 'asc' } }),
      () => reader.findAll({ limit: 0 }),
    ];
    for (const call of bad) {
      await expect(call()).rejects.toMatchObject({ code: 'ERR_ORM_READER_INVALID', status: 400 });
    }
  });

  it('answers 404 through the error pipeline for a missing id', async () => {
    const res = await get().app.inject({
      url: '/reader/missing-id',
      headers: { accept: 'application/json' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'ERR_NOT_FOUND', detail: 'Customer not found.' });
    expect(res.body).not.toMatch(DRIVER_WORDS);
  });

  it('refuses to run inside a transaction', async () => {
    const { orm } = get();
    await expect(
      orm.transaction(() => orm.reader(Sample).findById(samples[0].id)),
    ).rejects.toMatchObject({ code: 'ERR_ORM_READER_IN_TRANSACTION' });
    // Outside it again, the same reader works.
    expect((await orm.reader(Sample).findById(samples[1].id))?.label).toBe('r-a');
  });
}
