'use strict';
/**
 * Bare node:http: the practical limit every other server is compared to, written the way the
 * TechEmpower "nodejs" entry is (headers composed per request, one JSON.stringify per response).
 */
const http = require('node:http');
const { HELLO, clampQueries } = require('../shared/tfb-rules');
const { openDb, tfbHandlers } = require('../shared/tfb-db');
const { renderFortunes } = require('../shared/fortunes-view');

const JSON_TYPE = 'application/json';
const db = openDb();
const work = db && tfbHandlers(db);

function send(res, type, body) {
  res.writeHead(200, {
    Server: 'node',
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function queryParam(url, name) {
  const q = url.indexOf('?');
  return q === -1 ? undefined : (new URLSearchParams(url.slice(q + 1)).get(name) ?? undefined);
}

async function route(req, res) {
  const url = req.url;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (path === '/json') return send(res, JSON_TYPE, JSON.stringify({ message: HELLO }));
  if (path === '/plaintext') return send(res, 'text/plain', HELLO);
  if (path.startsWith('/users/')) {
    const id = decodeURIComponent(path.slice(7));
    return send(res, JSON_TYPE, JSON.stringify({ id, fields: queryParam(url, 'fields') }));
  }
  if (work) {
    if (path === '/db') return send(res, JSON_TYPE, JSON.stringify(await work.db()));
    if (path === '/queries') {
      const rows = await work.queries(clampQueries(queryParam(url, 'queries')));
      return send(res, JSON_TYPE, JSON.stringify(rows));
    }
    if (path === '/updates') {
      const rows = await work.updates(clampQueries(queryParam(url, 'queries')));
      return send(res, JSON_TYPE, JSON.stringify(rows));
    }
    if (path === '/fortunes') {
      return send(res, 'text/html; charset=utf-8', renderFortunes(await work.fortunes()));
    }
  }
  res.writeHead(404, { Server: 'node', 'Content-Length': 0 });
  res.end();
}

http
  .createServer((req, res) => {
    route(req, res).catch((error) => {
      console.error(error);
      res.writeHead(500, { Server: 'node', 'Content-Length': 0 });
      res.end();
    });
  })
  .listen(Number(process.env.PORT || 8080), '127.0.0.1');
