'use strict';
/**
 * A short form of the TechEmpower verifier, run on every server before it is measured: status
 * 200, `Server`, `Date`, `Content-Length`, the content type and the body's shape. A server that
 * fails is not measured (its row says why), so no peer wins by doing less.
 */
const http = require('node:http');

const JSON_TYPE = /^application\/json(; ?charset=(UTF|utf)-8)?$/;
const PLAIN_TYPE = /^text\/plain(; ?charset=(UTF|utf)-8)?$/;
const HTML_TYPE = /^text\/html; ?charset=(UTF|utf)-8$/;

const isWorld = (w) => w && Number.isInteger(w.id) && Number.isInteger(w.randomNumber);

const RULES = {
  json: [JSON_TYPE, (b) => JSON.parse(b).message === 'Hello, World!'],
  plaintext: [PLAIN_TYPE, (b) => b === 'Hello, World!'],
  users: [JSON_TYPE, (b) => JSON.parse(b).id === '42' && JSON.parse(b).fields === 'name,email'],
  db: [JSON_TYPE, (b) => isWorld(JSON.parse(b))],
  queries: [JSON_TYPE, (b) => JSON.parse(b).length === 20 && JSON.parse(b).every(isWorld)],
  updates: [JSON_TYPE, (b) => JSON.parse(b).length === 20 && JSON.parse(b).every(isWorld)],
  fortunes: [
    HTML_TYPE,
    (b) =>
      b.startsWith('<!DOCTYPE html>') &&
      b.includes('<tr><td>0</td><td>Additional fortune added at request time.</td></tr>') &&
      b.includes('&lt;script&gt;') &&
      b.split('<tr>').length === 15,
  ],
  page: [HTML_TYPE, (b) => b.startsWith('<!DOCTYPE html>') && b.includes('<h1>Hello, guest</h1>')],
};

function fetchOnce(port, path) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.once('end', () => resolve({ res, body: Buffer.concat(chunks) }));
    });
    req.once('error', (error) => resolve({ error }));
    req.setTimeout(5000, () => req.destroy(new Error('no answer in 5 s')));
  });
}

/** Resolves to undefined when `endpoint` of the server on `port` passes, else to the reason. */
async function checkEndpoint(port, endpoint) {
  const { res, body, error } = await fetchOnce(port, endpoint.path);
  if (error) return `GET ${endpoint.path}: ${error.message}`;
  if (res.statusCode !== 200) return `GET ${endpoint.path} answered ${res.statusCode}`;
  const h = res.headers;
  if (!h.server) return `GET ${endpoint.path}: no Server header`;
  if (!h.date) return `GET ${endpoint.path}: no Date header`;
  if (h['content-length'] !== String(body.length))
    return `GET ${endpoint.path}: Content-Length ${h['content-length']} for ${body.length} bytes`;
  const [type, bodyOk] = RULES[endpoint.id];
  if (!type.test(h['content-type'] ?? ''))
    return `GET ${endpoint.path}: Content-Type "${h['content-type']}"`;
  let ok = false;
  try {
    ok = bodyOk(body.toString('utf8'));
  } catch {
    ok = false;
  }
  return ok
    ? undefined
    : `GET ${endpoint.path}: unexpected body ${body.toString('utf8').slice(0, 80)}`;
}

module.exports = { checkEndpoint };
