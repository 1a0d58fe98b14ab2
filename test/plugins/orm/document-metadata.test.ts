import { ObjectId } from '@mikro-orm/mongodb';
import { createApp, type Issue } from '@pith/core';
import { Orm, ormOptionsSchema, parseDatabaseUrl } from '@pith/orm';
import { Appointment, Customer } from '../../contract/orm/contract-entities';

// Runs without a MongoDB server: the Orm is built as the plugin's setup builds it (discovery,
// metadata, unit of work) and never connects. The full contract runs on a server with MONGO_URL.
describe('the same entities on the document adapter', () => {
  const issues: Issue[] = [];
  const options = ormOptionsSchema.check(
    { entities: [Customer, Appointment] },
    'plugins.orm',
    issues,
  );
  const logger = createApp({ logger: { level: 'silent' } }).logger;
  const orm = new Orm(
    parseDatabaseUrl('mongodb://127.0.0.1:1/pith_metadata', '/'),
    options,
    logger,
  );
  afterAll(() => orm.close());

  it('gives the base entity an ObjectId _id and a serialized id, inherited by every entity', () => {
    expect(issues).toEqual([]);
    expect(orm.backend).toBe('mongodb');
    for (const name of ['Customer', 'Appointment']) {
      const meta = orm.mikroOrm.getMetadata().get(name);
      expect(meta.primaryKeys).toEqual(['_id']);
      expect(meta.serializedPrimaryKey).toBe('id');
    }
  });

  it('hands app code the id string as soon as the entity is created, and serializes only id', async () => {
    await orm.withEntityManager(async (em) => {
      const customer = em.create(Customer, { email: 'doc@example.com', name: 'Doc' });
      expect((customer as unknown as { _id: unknown })._id).toBeInstanceOf(ObjectId);
      expect(customer.id).toMatch(/^[0-9a-f]{24}$/);
      expect(customer.notes).toBeNull();
      const appointment = em.create(Appointment, { title: 'A', startsAt: new Date(), customer });
      const json = JSON.parse(JSON.stringify(appointment)) as Record<string, unknown>;
      expect(json.id).toBe(appointment.id);
      expect((json.customer as { id: string }).id).toBe(customer.id);
      expect(json).not.toHaveProperty('_id');
    });
  });

  it("finds the property a duplicate key names in MongoDB's keyPattern", () => {
    expect(orm.adapter.uniqueKey({ code: 11000, keyPattern: { email: 1 } })).toEqual(['email']);
    expect(orm.uniqueKeys(['email'])).toEqual(['email']);
  });
});
