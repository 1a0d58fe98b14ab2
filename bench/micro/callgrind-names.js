'use strict';
/**
 * Self instructions per request by function from a dump of `instructions.js --keep DIR
 * --jit-names`: callgrind names V8's compiled JavaScript only by address (`???:0x…`), and the
 * server's `--perf-basic-prof` map turns each address into the function it belongs to. Prints
 * one line per function, most expensive first; given two dumps, B − A, A and B, largest
 * difference first.
 *
 * Usage: node bench/micro/callgrind-names.js DIR/router-json [DIR/bare-json] [--requests 10000]
 * (a name stands for its .callgrind and .map files).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

/** `[start, size, name]` of every code object the map names, sorted by start. */
function readMap(file) {
  const entries = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
    if (m) entries.push([parseInt(m[1], 16), parseInt(m[2], 16), m[3]]);
  }
  return entries.sort((a, b) => a[0] - b[0]);
}

/** The latest code object covering `addr` (code is moved and replaced as V8 reoptimizes). */
function nameAt(entries, addr) {
  let lo = 0;
  let hi = entries.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid][0] <= addr) lo = mid + 1;
    else hi = mid - 1;
  }
  for (let i = hi; i >= 0 && i > hi - 50; i--) {
    const [start, size, name] = entries[i];
    if (addr < start + size) return `JIT ${name}`;
  }
  return 'JIT (unnamed)';
}

/** Self instructions per request by function name. */
function costs(base, requests) {
  const entries = readMap(`${base}.map`);
  const text = execFileSync(
    'callgrind_annotate',
    ['--inclusive=no', '--threshold=100', `${base}.callgrind`],
    { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
  );
  const byName = new Map();
  for (const line of text.split('\n')) {
    const m = /^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*)$/.exec(line);
    if (!m) continue;
    const count = Number(m[1].replaceAll(',', ''));
    const address = /^\?\?\?:0x([0-9a-f]+)/.exec(m[2]);
    let name = address ? nameAt(entries, parseInt(address[1], 16)) : m[2];
    if (name.includes('PROGRAM TOTALS')) name = 'TOTAL';
    byName.set(name, (byName.get(name) ?? 0) + count / requests);
  }
  return byName;
}

function main() {
  const args = process.argv.slice(2);
  const i = args.indexOf('--requests');
  const requests = i === -1 ? 10_000 : Number(args.splice(i, 2)[1]);
  const [a, b] = args;
  if (!a)
    throw new Error('usage: callgrind-names.js DIR/server-endpoint [DIR/other] [--requests N]');
  const first = costs(a, requests);
  const second = b ? costs(b, requests) : undefined;
  const names = new Set([...first.keys(), ...(second?.keys() ?? [])]);
  const rows = [...names].map((name) => {
    const x = first.get(name) ?? 0;
    const y = second?.get(name) ?? 0;
    return { name, value: second ? y - x : x, cells: second ? [y - x, x, y] : [x] };
  });
  rows.sort((p, q) => Math.abs(q.value) - Math.abs(p.value));
  for (const { name, cells } of rows.slice(0, 80)) {
    const figures = cells.map((c) => c.toFixed(1).padStart(10)).join('');
    console.log(`${figures}  ${name.slice(0, 140)}`);
  }
}

main();
