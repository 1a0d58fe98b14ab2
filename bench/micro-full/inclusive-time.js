'use strict';
/**
 * Inclusive (self + callees) share of busy CPU time per function in a V8 .cpuprofile, counting
 * each sample once per function even under recursion:
 *   node bench/micro-full/inclusive-time.js <file.cpuprofile> [filter-regexp] [limit]
 */
const fs = require('node:fs');

const [file, filter = '.', limit = '40'] = process.argv.slice(2);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n) => {
  const { functionName, url, lineNumber } = n.callFrame;
  const short = url.replace(/^.*node_modules\//, '').replace(/^.*\/work\/main\//, '');
  return `${functionName || '(anon)'} ${short}:${lineNumber + 1}`;
};
const inclusive = new Map();
let busy = 0;
for (const n of profile.nodes) {
  const hits = n.hitCount || 0;
  if (!hits || n.callFrame.functionName === '(idle)') continue;
  busy += hits;
  const seen = new Set();
  for (let id = n.id; id !== undefined; id = parent.get(id)) {
    const key = label(byId.get(id));
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) || 0) + hits);
  }
}
const re = new RegExp(filter);
[...inclusive.entries()]
  .filter(([k]) => re.test(k))
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(limit))
  .forEach(([k, v]) => console.log(`${((100 * v) / busy).toFixed(1).padStart(5)}%  ${k}`));
