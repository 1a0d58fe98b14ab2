'use strict';
/** Express 5 with its defaults. */
const express = require('express');
const { HELLO, clampQueries } = require('../shared/tfb-rules');
const { openDb, tfbHandlers } = require('../shared/tfb-db');
const { renderFortunes } = require('../shared/fortunes-view');

const app = express();
const db = openDb();
const work = db && tfbHandlers(db);

app.use((_req, res, next) => {
  res.setHeader('Server', 'Express');
  next();
});
app.get('/json', (_req, res) => {
  res.json({ message: HELLO });
});
app.get('/plaintext', (_req, res) => {
  res.type('text/plain').send(HELLO);
});
app.get('/users/:id', (req, res) => {
  res.json({ id: req.params.id, fields: req.query.fields });
});
if (work) {
  app.get('/db', async (_req, res) => res.json(await work.db()));
  app.get('/queries', async (req, res) =>
    res.json(await work.queries(clampQueries(req.query.queries))),
  );
  app.get('/updates', async (req, res) =>
    res.json(await work.updates(clampQueries(req.query.queries))),
  );
  app.get('/fortunes', async (_req, res) => {
    res.type('text/html; charset=utf-8').send(renderFortunes(await work.fortunes()));
  });
}
app.listen(Number(process.env.PORT || 8080), '127.0.0.1');
