'use strict';
/**
 * What is measured: the endpoints and the servers that answer them. Paths are relative to bench/.
 * A server lists the endpoints it implements; `backends` says on which databases it serves the
 * database endpoints. `node-http` is the baseline every ratio is computed against.
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
    label: 'Pith kernel + one dispatcher plugin (server.requestContext: false)',
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
