import { definePlugin, HttpError, type RequestContext } from '@pith/core';
import { defineListQuery, ENTITY_MANAGER, ORM } from '@pith/orm';
import { Appointment, Customer, Status } from './contract-entities';

/** Hooks the isolation test uses to order two concurrent requests without sleeping. */
export interface Gates {
  mutated?: () => void;
  release?: Promise<void>;
}

/** A statement that runs for five seconds on each server backend. */
const SLOW_SQL: Readonly<Record<string, string>> = {
  postgresql: 'select pg_sleep(5)',
  mariadb: 'select sleep(5)',
};

const appointmentsQuery = defineListQuery({
  filters: {
    status: { type: 'enum', values: Object.values(Status) },
    from: { type: 'date', field: 'startsAt', op: 'gte' },
    customer: { type: 'id' },
  },
  sort: ['startsAt', 'title'],
  defaultSort: 'startsAt',
  defaultPageSize: 2,
  maxPageSize: 3,
});

/**
 * A tiny dispatcher standing in for the router: enough routes to drive the orm plugin through
 * real HTTP requests (injected), with the kernel's error pipeline.
 */
export function contractRoutes(gates: Gates) {
  return definePlugin({
    name: 'contract-routes',
    dependencies: ['orm'],
    setup(ctx) {
      const em = ctx.resolve(ENTITY_MANAGER);
      const orm = ctx.resolve(ORM);
      const routes: Record<string, (req: RequestContext, arg: string) => Promise<unknown>> = {
        'GET /customers': async (_req, id) => em.findOneOrFail(Customer, id),
        'POST /customers': async (req) => {
          const q = req.query as Record<string, string>;
          const customer = em.create(Customer, { email: q.email, name: q.name });
          await em.flush();
          req.reply.status(201);
          return customer;
        },
        'GET /reader': async (_req, id) => orm.reader(Customer).findByIdOrFail(id),
        'GET /appointments': async (req) => {
          const q = appointmentsQuery.parse(req.query);
          const [items, total] = await em.findAndCount(Appointment, q.where, q);
          return { items, total, page: q.page, pageSize: q.pageSize };
        },
        'GET /slow': async () => {
          const connection = em.getConnection() as unknown as {
            execute(sql: string): Promise<unknown>;
          };
          return connection.execute(SLOW_SQL[orm.backend]);
        },
        'GET /touch': async (req) => {
          const q = req.query as Record<string, string>;
          const customer = await em.findOneOrFail(Customer, q.id);
          if (q.name) {
            customer.name = q.name;
            gates.mutated?.();
            await gates.release;
          }
          return {
            name: customer.name,
            managed: em.getUnitOfWork().getIdentityMap().values().length,
          };
        },
      };
      ctx.setDispatcher(async (req) => {
        const [, resource, id = ''] = req.path.split('/');
        const route = routes[`${req.method} /${resource}`];
        if (!route) throw new HttpError('ERR_NOT_FOUND');
        const result = await route(req, decodeURIComponent(id));
        await req.reply.json(result);
      });
    },
  });
}
