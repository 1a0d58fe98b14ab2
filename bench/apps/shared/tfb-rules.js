'use strict';
/**
 * The TechEmpower rules every bench server shares: the `queries` clamping, random ids, the extra
 * fortune and the code-unit sort order. Peers and the bare baseline use this file so that they do
 * the same work; the Pith app has its own TypeScript copy (apps/pith/tfb-rules.ts) that the
 * verifier test checks.
 */

const HELLO = 'Hello, World!';
const EXTRA_FORTUNE = 'Additional fortune added at request time.';

/** Missing, non-integer or < 1 gives 1; more than 500 gives 500. */
function clampQueries(value) {
  const n = Number.parseInt(Array.isArray(value) ? value[0] : value, 10);
  if (!Number.isFinite(n) || n < 1) return 1;
  return n > 500 ? 500 : n;
}

/** A random World id or randomNumber, 1..10000. */
function randomId() {
  return 1 + Math.floor(Math.random() * 10000);
}

/** Adds the request-time fortune and sorts by message in UTF-16 code-unit order (not locale). */
function prepareFortunes(rows) {
  const all = rows.map((r) => ({ id: r.id, message: r.message }));
  all.push({ id: 0, message: EXTRA_FORTUNE });
  all.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  return all;
}

module.exports = { HELLO, EXTRA_FORTUNE, clampQueries, randomId, prepareFortunes };
