import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/core';
import { createApp, inject, injectable, type Application } from '@pith/core';
import { ENTITY_MANAGER, defineListQuery, ormPlugin } from '@pith/orm';
import { Body, Controller, Get, HttpCode, Param, Post, Query, router } from '@pith/router';
import { postgresFixture, type BackendFixture, sqliteFixture } from '../../contract/orm/backends';
import { Appointment, Customer } from '../../contract/orm/contract-entities';
import { serviceMissing } from '../../support/services';

const customersQuery = defineListQuery({
  sort: ['email', 'name'],
  defaultSort: 'email',
  maxPageSize: 10,
});

@injectable()
class CustomersService {
  // A singleton holding the EntityManager: safe, since each call runs on the request's fork.
  constructor(@inject(ENTITY_MANAGER) private readonly em: EntityManager) {}

  find(id: string): Promise<Customer> {
    return this.em.findOneOrFail(Customer, id);
  }

  async create(email: string, name: string): Promise<Customer> {
    const customer = this.em.create(Customer, { email, name });
    await this.em.flush();
    return customer;
  }

  list(query: Record<string, unknown>): Promise<Customer[]> {
    const q = customersQuery.parse(query);
    return this.em.find(Customer, q.where, q);
  }
}

@Controller('/customers')
class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get('/:id') show(@Param('id') id: string) {
    return this.customers.find(id);
  }

  @Get('/') list(@Query() query: Record<string, unknown>) {
    return this.customers.list(query);
  }

  @Post('/') @HttpCode(201) create(@Body() body: { email: string; name: string }) {
    return this.customers.create(body.email, body.name);
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'pith-orm-router-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixtures: BackendFixture[] = [
  sqliteFixture(path.join(dir, 'router.sqlite')),
  postgresFixture(),
].filter((f) => !f.unavailable || serviceMissing(`router + orm on ${f.backend}`, f.unavailable));

describe.each(fixtures.map((f) => [f.backend, f] as const))(
  'controllers with an injected EntityManager on %s',
  (_name, fixture) => {
    let app: Application;
    const json = { accept: 'application/json', 'content-type': 'application/json' };

    beforeAll(async () => {
      if (fixture.unavailable) throw new Error(`${fixture.backend}: ${fixture.unavailable}`);
      const url = await fixture.create();
      app = createApp({
        env: 'test',
        logger: { level: 'silent' },
        plugins: {
          router: [router, { controllers: [CustomersController] }],
          orm: [ormPlugin, { url, entities: [Customer, Appointment] }],
        },
      });
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
      await fixture.drop();
    });

    it('creates, shows and lists through the router', async () => {
      const created = await app.inject({
        method: 'POST',
        url: '/customers',
        headers: json,
        payload: { email: 'r@example.com', name: 'R' },
      });
      expect(created.statusCode).toBe(201);
      const id = created.json().id as string;
      const shown = await app.inject({ url: `/customers/${id}`, headers: json });
      expect(shown.json()).toMatchObject({ id, email: 'r@example.com', name: 'R' });
      const listed = await app.inject({ url: '/customers?sort=-name&pageSize=500', headers: json });
      expect(listed.statusCode).toBe(200);
      expect(listed.json().map((c: Customer) => c.id)).toContain(id);
    });

    it('answers 409 naming the field, 404 for a missing id, 400 for a smuggled sort', async () => {
      const payload = { email: 'dup@example.com', name: 'D' };
      expect(
        (await app.inject({ method: 'POST', url: '/customers', headers: json, payload }))
          .statusCode,
      ).toBe(201);
      const dup = await app.inject({ method: 'POST', url: '/customers', headers: json, payload });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().errors).toEqual([{ field: 'email', message: 'is already taken' }]);
      expect(
        (
          await app.inject({
            url: '/customers/00000000-0000-4000-8000-000000000000',
            headers: json,
          })
        ).statusCode,
      ).toBe(404);
      const smuggled = await app.inject({ url: '/customers?sort=password', headers: json });
      expect(smuggled.statusCode).toBe(400);
      expect(smuggled.json().code).toBe('ERR_ORM_QUERY_INVALID');
    });
  },
);
