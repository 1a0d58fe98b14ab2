/** Hono on @hono/node-server. */
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';

const require = createRequire(import.meta.url);
const { HELLO, clampQueries } = require('../shared/tfb-rules.js');
const { openDb, tfbHandlers } = require('../shared/tfb-db.js');
const { renderFortunes } = require('../shared/fortunes-view.js');

const app = new Hono();
const db = openDb();
const work = db && tfbHandlers(db);

app.use(async (c, next) => {
  await next();
  c.header('Server', 'Hono');
});
app.get('/json', (c) => c.json({ message: HELLO }));
app.get('/plaintext', (c) => c.text(HELLO));
app.get('/users/:id', (c) => c.json({ id: c.req.param('id'), fields: c.req.query('fields') }));
if (work) {
  app.get('/db', async (c) => c.json(await work.db()));
  app.get('/queries', async (c) =>
    c.json(await work.queries(clampQueries(c.req.query('queries')))),
  );
  app.get('/updates', async (c) =>
    c.json(await work.updates(clampQueries(c.req.query('queries')))),
  );
  app.get('/fortunes', async (c) => c.html(renderFortunes(await work.fortunes())));
}
serve({ fetch: app.fetch, port: Number(process.env.PORT || 8080), hostname: '127.0.0.1' });
