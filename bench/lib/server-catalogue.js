'use strict';
/**
 * What is measured: the endpoints and the servers that answer them. Paths are relative to bench/.
 * A server lists the endpoints it implements; `backends` says on which databases it serves the
 * database endpoints. `node-http` is the baseline every ratio is computed against, except for an
 * endpoint that names its own `baseline` server.
 */

const ENDPOINTS = [
  { id: 'json', path: '/json', title: 'JSON serialization (/json)' },
  { id: 'plaintext', path: '/plaintext', title: 'Plaintext (/plaintext, no pipelining)' },
  {
    id: 'users',
    path: '/users/42?fields=name,email',
    title: 'Route parameter + query (/users/:id?fields=)',
  },
  { id: 'db', path: '/db', title: 'Single query (/db)', db: true },
  {
    id: 'queries',
    path: '/queries?queries=20',
    title: 'Multiple queries (/queries?queries=20)',
    db: true,
  },
  { id: 'updates', path: '/updates?queries=20', title: 'Updates (/updates?queries=20)', db: true },
  { id: 'fortunes', path: '/fortunes', title: 'Fortunes (/fortunes, ejs)', db: true },
  {
    // Issue 7: the same page with and without the security plugin; the ratio is to the page
    // without it. wrk sends back the session cookie of the first answer, as a browser would.
    id: 'page',
    path: '/page',
    title: 'Page with a cookie session (/page, views + session), security plugin on vs off',
    baseline: 'pith-page',
    cookie: true,
  },
];

const WEB = ['json', 'plaintext', 'users'];
const DB = ['db', 'queries', 'updates', 'fortunes'];
const PITH_ENTRY = ['dist/pith/main.js'];

const SERVERS = [
  {
    id: 'node-http',
    label: 'node:http (bare, hand-written; pg / better-sqlite3 + ejs)',
    entry: ['apps/bare/server.js'],
    web: WEB,
    db: DB,
    backends: ['pg', 'sqlite'],
  },
  {
    id: 'pith-kernel',
    label: 'Pith kernel + one dispatcher plugin (default config: request context on)',
    entry: PITH_ENTRY,
    env: { BENCH_PITH_PROFILE: 'kernel' },
    web: ['json', 'plaintext'],
    db: [],
    backends: [],
  },
  {
    id: 'pith',
    label: 'Pith minimal profile (kernel + router, server.requestContext: false)',
    dbLabel: 'Pith full profile (router + orm + views)',
    entry: PITH_ENTRY,
    env: { BENCH_PITH_PROFILE: 'router' },
    dbEnv: { BENCH_PITH_PROFILE: 'full' },
    web: WEB,
    db: DB,
    backends: ['pg', 'sqlite'],
  },
  {
    id: 'pith-micro',
    label: 'Pith full profile, reads through orm.reader() (TechEmpower "Micro")',
    entry: PITH_ENTRY,
    env: { BENCH_PITH_PROFILE: 'full-micro' },
    web: [],
    db: ['db', 'queries', 'fortunes'],
    backends: ['pg', 'sqlite'],
  },
  {
    id: 'pith-views',
    label: 'Pith router + views (@Render, no orm; the bare better-sqlite3 statement and template)',
    entry: PITH_ENTRY,
    env: { BENCH_PITH_PROFILE: 'views' },
    web: [],
    db: ['fortunes'],
    backends: ['sqlite'],
  },
  {
    id: 'pith-page',
    label: 'Pith page: router + views + cookie session, no security plugin',
    entry: PITH_ENTRY,
    env: { BENCH_PITH_PROFILE: 'page' },
    web: ['page'],
    db: [],
    backends: [],
  },
  {
    id: 'pith-page-secure',
    label: 'Pith page + security plugin (helmet headers, CSP nonce, CSRF token)',
    entry: PITH_ENTRY,
    env: { BENCH_PITH_PROFILE: 'page-secure' },
    web: ['page'],
    db: [],
    backends: [],
  },
  {
    id: 'fastify',
    label: 'Fastify 5',
    entry: ['apps/fastify/server.js'],
    web: WEB,
    db: DB,
    backends: ['pg'],
  },
  {
    id: 'hono',
    label: 'Hono (@hono/node-server)',
    entry: ['apps/hono/server.mjs'],
    web: WEB,
    db: DB,
    backends: ['pg'],
  },
  {
    id: 'nest-fastify',
    label: 'NestJS (Fastify adapter)',
    entry: ['dist/nest/main-fastify.js'],
    web: WEB,
    db: DB,
    backends: ['pg'],
  },
  {
    id: 'express',
    label: 'Express 5',
    entry: ['apps/express/server.js'],
    web: WEB,
    db: DB,
    backends: ['pg'],
  },
  {
    id: 'nest-express',
    label: 'NestJS (Express adapter)',
    entry: ['dist/nest/main-express.js'],
    web: WEB,
    db: DB,
    backends: ['pg'],
  },
];

const BACKEND_TITLES = { pg: 'PostgreSQL', sqlite: 'SQLite' };

module.exports = { ENDPOINTS, SERVERS, BACKEND_TITLES };
