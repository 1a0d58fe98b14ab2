'use strict';
/** Reads a V8 .cpuprofile and lists the functions with the most self time (share of busy time). */
const fs = require('node:fs');
const path = require('node:path');

/** The `limit` hottest functions of a profile as `{ name, where, selfPct }`. */
function hottestFunctions(file, limit = 15) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  // Idle time depends on how long the server waited for load, not on what it did.
  const busy = profile.nodes.filter((n) => n.callFrame.functionName !== '(idle)');
  const total = busy.reduce((sum, n) => sum + (n.hitCount || 0), 0) || 1;
  const byFunction = new Map();
  for (const node of busy) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${shorten(url)}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`;
    byFunction.set(key, (byFunction.get(key) || 0) + (node.hitCount || 0));
  }
  return [...byFunction.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, hits]) => ({ name: key, selfPct: (100 * hits) / total }));
}

// Buckets for a profile's self time, first match wins.
const ORIGINS = [
  [
    'AsyncLocalStorage (node:async_hooks)',
    (f, url) => /async_hooks/.test(url) || f === 'executionAsyncResource',
  ],
  ['socket writes (writev syscall)', (f) => f === 'writev' || f === 'writevGeneric'],
  ['garbage collector', (f) => f === '(garbage collector)'],
  ['Pith kernel (core)', (_f, url) => /\/core\/(dist|src)\//.test(url)],
  ['Pith router', (_f, url) => /plugins\/router\//.test(url) || /find-my-way/.test(url)],
  ['Pith orm plugin', (_f, url) => /plugins\/orm\//.test(url)],
  ['Pith views plugin + ejs', (_f, url) => /plugins\/views\//.test(url) || /\/ejs\//.test(url)],
  ['MikroORM + knex', (_f, url) => /@mikro-orm|\/knex\//.test(url)],
  ['database driver', (_f, url) => /better-sqlite3|\/pg\/|pg-protocol|pg-pool/.test(url)],
  [
    'node http / net / streams',
    (_f, url) => /^node:(_http|internal\/(streams|stream_base|http|timers)|net|events)/.test(url),
  ],
  ['module loading (boot)', (_f, url) => /modules\/(cjs|esm|package_json)/.test(url)],
];

/** Self time per origin (kernel, router, AsyncLocalStorage, syscalls…) as `{ origin, selfPct }`. */
function timeByOrigin(file) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const busy = profile.nodes.filter((n) => n.callFrame.functionName !== '(idle)');
  const total = busy.reduce((sum, n) => sum + (n.hitCount || 0), 0) || 1;
  const byOrigin = new Map();
  for (const node of busy) {
    const { functionName, url } = node.callFrame;
    const origin =
      ORIGINS.find(([, test]) => test(functionName, url))?.[0] ?? 'other (node internals, program)';
    byOrigin.set(origin, (byOrigin.get(origin) || 0) + (node.hitCount || 0));
  }
  return [...byOrigin.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([origin, hits]) => ({ origin, selfPct: (100 * hits) / total }));
}

function shorten(url) {
  if (url.startsWith('node:')) return url;
  const clean = url.replace(/^file:\/\//, '');
  const nm = clean.lastIndexOf('node_modules/');
  if (nm !== -1) return clean.slice(nm + 13);
  const rel = path.relative(path.join(__dirname, '..', '..'), clean);
  return rel.startsWith('..') ? clean : rel;
}

if (require.main === module) {
  for (const row of timeByOrigin(process.argv[2])) {
    console.log(`${row.selfPct.toFixed(1).padStart(5)}%  ${row.origin}`);
  }
  console.log('');
  for (const row of hottestFunctions(process.argv[2], Number(process.argv[3] || 20))) {
    console.log(`${row.selfPct.toFixed(1).padStart(5)}%  ${row.name}`);
  }
}

module.exports = { hottestFunctions, timeByOrigin };
