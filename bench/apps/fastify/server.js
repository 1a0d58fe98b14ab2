'use strict';
/** Fastify 5 with its defaults; the Server header from an onRequest hook as in its TechEmpower entry. */
const fastify = require('fastify');
const { HELLO, clampQueries } = require('../shared/tfb-rules');
const { openDb, tfbHandlers } = require('../shared/tfb-db');
const { renderFortunes } = require('../shared/fortunes-view');

const app = fastify({ logger: false });
const db = openDb();
const work = db && tfbHandlers(db);

app.addHook('onRequest', (_req, reply, done) => {
  reply.header('Server', 'Fastify');
  done();
});
app.get('/json', (_req, reply) => {
  reply.header('Content-Type', 'application/json').send({ message: HELLO });
});
app.get('/plaintext', (_req, reply) => {
  reply.header('Content-Type', 'text/plain').send(HELLO);
});
app.get('/users/:id', async (req) => ({ id: req.params.id, fields: req.query.fields }));
if (work) {
  app.get('/db', () => work.db());
  app.get('/queries', (req) => work.queries(clampQueries(req.query.queries)));
  app.get('/updates', (req) => work.updates(clampQueries(req.query.queries)));
  app.get('/fortunes', async (_req, reply) => {
    reply.header('Content-Type', 'text/html; charset=utf-8');
    return renderFortunes(await work.fortunes());
  });
}
app.listen({ port: Number(process.env.PORT || 8080), host: '127.0.0.1' });
