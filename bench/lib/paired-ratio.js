'use strict';
/**
 * The targets' ratios measured two more ways than the rounds of the main tables, which put up to
 * a dozen servers between a baseline and a candidate measurement and so carry the drift of a
 * shared machine between them:
 * - A/B/A: the baseline and the candidate alternate in short slices, and each candidate slice is
 *   compared with the mean of the baseline slices just before and just after it. Bracketing
 *   cancels a drift that is linear over one slice pair; here the speed of the machine also jumps
 *   by a third from one second to the next, which it does not cancel.
 * - Side by side: both servers under load at the same time, which cancels what the machine does
 *   at any time scale.
 */
const { runWrk } = require('./wrk-runner');
const { cpuTimeNs, startServer, stopServer, firstVisitCookie } = require('./server-process');
const { median, range } = require('./stats');

/** Ports of the fresh process pairs of the side-by-side phase (the groups use 18100 on). */
const FRESH_PORTS = [18_190, 18_191];
/** Seconds of load per endpoint that warm a fresh pair, side by side. */
const FRESH_WARM_S = 2;

/**
 * The ratios the targets table reads: [table id, baseline key, candidate key]. The table id is
 * the endpoint, plus `:backend` for the database endpoints (as the main tables name them).
 */
const TARGET_PAIRS = [
  ['json', 'node-http', 'pith-kernel'],
  ['json', 'node-http', 'pith'],
  ['plaintext', 'node-http', 'pith'],
  ['users', 'node-http', 'pith'],
  ['fortunes:sqlite', 'node-http:sqlite', 'pith-views:sqlite'],
  ['page', 'pith-page', 'pith-page-secure'],
];

/**
 * One wrk measurement of a running server: wrk's figures plus the server's CPU per request (all
 * its threads, µs): what the framework costs, whatever else runs.
 */
async function measureLoad(inst, url, load, duration) {
  const before = cpuTimeNs(inst.handle.pid);
  const r = await runWrk(url, { ...load, headers: inst.headers, duration });
  return { ...r, cpuUs: (cpuTimeNs(inst.handle.pid) - before) / 1000 / r.requests };
}

/**
 * One side-by-side run: `a` and `b` measured by two wrk processes at once (`bFirst` starts b's
 * first). Returns their measurements in the order [a, b].
 */
async function loadTogether(a, b, urlOf, load, duration, bFirst) {
  const run = (inst) => measureLoad(inst, urlOf(inst), load, duration);
  if (!bFirst) return Promise.all([run(a), run(b)]);
  return (await Promise.all([run(b), run(a)])).reverse();
}

/** The target pairs whose two servers are up and serve the endpoint. */
function* upPairs(instances, endpoints) {
  for (const [tableId, baseKey, candKey] of TARGET_PAIRS) {
    const endpointId = tableId.split(':')[0];
    const ep = endpoints.find((e) => e.id === endpointId);
    const base = instances.find((i) => i.key === baseKey);
    const cand = instances.find((i) => i.key === candKey);
    const usable = (i) => i?.handle && !i.failed && !i.broken.has(endpointId);
    if (!ep || !usable(base) || !usable(cand)) continue;
    const url = (i) => `http://127.0.0.1:${i.port}${ep.path}`;
    yield { tableId, baseKey, candKey, base, cand, url };
  }
}

function pairResult(method, pair, slices, rps, cpu) {
  return {
    method,
    table: pair.tableId,
    baseline: pair.baseKey,
    candidate: pair.candKey,
    slices,
    ratio: median(rps),
    ratioRange: range(rps),
    cpuRatio: median(cpu),
    cpuRatioRange: range(cpu),
    ratios: rps,
    cpuRatios: cpu,
  };
}

const fixed = (list) => list.map((r) => r.toFixed(2)).join(' ');

/**
 * Measures every target pair of a group whose two servers are up: `pairs` candidate slices,
 * each between two baseline slices, `duration` seconds each. Returns one result per pair with
 * the median and range of its ratios (requests/s, and baseline CPU / candidate CPU).
 */
async function measurePairs(instances, endpoints, opts, load, log) {
  const results = [];
  if (!(opts.paired > 0)) return results;
  for (const pair of upPairs(instances, endpoints)) {
    const { base, cand, url } = pair;
    let before = await measureLoad(base, url(base), load, opts.pairedDuration);
    const rps = [];
    const cpu = [];
    for (let k = 0; k < opts.paired; k++) {
      const c = await measureLoad(cand, url(cand), load, opts.pairedDuration);
      const after = await measureLoad(base, url(base), load, opts.pairedDuration);
      rps.push(c.rps / ((before.rps + after.rps) / 2));
      cpu.push((before.cpuUs + after.cpuUs) / 2 / c.cpuUs);
      before = after;
    }
    const result = pairResult('aba', pair, opts.paired, rps, cpu);
    log(
      `  A/B/A ${pair.tableId} ${pair.candKey} vs ${pair.baseKey}: req/s ${result.ratio.toFixed(3)} (${fixed(rps)}), CPU ${result.cpuRatio.toFixed(3)}`,
    );
    results.push(result);
  }
  return results;
}

/**
 * `runs` side-by-side runs of `base` and `cand` on `url` (a function of the instance), appended
 * to `into` (`rps`, `cpu`: ratios cand/base per run; `perPair`: this pair's median).
 */
async function sideBySideRuns(base, cand, url, runs, duration, load, into) {
  const mine = [];
  for (let k = 0; k < runs; k++) {
    const [b, c] = await loadTogether(base, cand, url, load, duration, k % 2 === 1);
    into.rps.push(c.rps / b.rps);
    into.cpu.push(b.cpuUs / c.cpuUs);
    mine.push(c.rps / b.rps);
  }
  into.perPair.push(median(mine));
}

/**
 * A fresh process of each server of a target pair (same spec, spare ports), warmed side by
 * side on every endpoint of the group both serve and then on the target's: what the running
 * pair saw in the rounds, in short. Returns the two instances to measure and stop.
 */
async function startFreshPair(pair, endpoints, load, spawn) {
  const fresh = [];
  try {
    for (const [i, inst] of [pair.base, pair.cand].entries()) {
      const port = FRESH_PORTS[i];
      const handle = await startServer(inst, port, spawn);
      const copy = { ...inst, port, handle, headers: [] };
      fresh.push(copy);
      if (inst.cookie) {
        const cookie = await firstVisitCookie(port, inst.probe);
        copy.headers = cookie ? [`Cookie: ${cookie}`] : [];
      }
    }
    const [base, cand] = fresh;
    const shared = endpoints.filter((ep) =>
      [pair.base, pair.cand].every((i) => i.endpoints.includes(ep.id) && !i.broken.has(ep.id)),
    );
    for (const ep of shared) {
      const at = (i) => `http://127.0.0.1:${i.port}${ep.path}`;
      await loadTogether(base, cand, at, load, FRESH_WARM_S, false);
    }
    await loadTogether(base, cand, pair.url, load, FRESH_WARM_S, false);
    return fresh;
  } catch (error) {
    await Promise.all(fresh.map((i) => stopServer(i.handle)));
    throw error;
  }
}

/**
 * Measures every target pair of a group side by side: both servers under load at the same time,
 * on the same server CPU, each from its own wrk, `runs` times for `duration` seconds. Whatever
 * slows the machine then slows both in the same milliseconds, which no sequence of separate
 * measurements can promise on a shared host; the ratio of the two requests/s of one run is the
 * ratio of their costs (the scheduler gives two busy processes equal shares of the CPU), and CPU
 * per request is read for each as well. The wrk that starts first alternates.
 *
 * Two processes of one build differ by a few % for as long as they live (JIT decisions, heap
 * layout: bare node:http against router read 0.92 to 0.99 per process pair in one sitting), so
 * one pair of processes is one draw of that spread. The running pair is measured first, then
 * `pairs - 1` fresh pairs (lib/server-process.js starts them as the group's), and the ratio is
 * the median of every run of every pair, with each pair's median kept beside it.
 */
async function measureSideBySide(instances, endpoints, opts, load, log, spawn) {
  const results = [];
  if (!(opts.sideBySide > 0)) return results;
  for (const pair of upPairs(instances, endpoints)) {
    const into = { rps: [], cpu: [], perPair: [] };
    const { sideBySide: runs, sideBySideDuration: duration } = opts;
    await sideBySideRuns(pair.base, pair.cand, pair.url, runs, duration, load, into);
    for (let p = 1; p < opts.sideBySidePairs; p++) {
      let fresh;
      try {
        fresh = await startFreshPair(pair, endpoints, load, spawn);
      } catch (error) {
        log(`  side by side ${pair.tableId}: a fresh pair did not start (${error.message})`);
        break;
      }
      try {
        await sideBySideRuns(fresh[0], fresh[1], pair.url, runs, duration, load, into);
      } finally {
        await Promise.all(fresh.map((i) => stopServer(i.handle)));
      }
    }
    const result = pairResult('side-by-side', pair, into.rps.length, into.rps, into.cpu);
    result.perPair = into.perPair;
    log(
      `  side by side ${pair.tableId} ${pair.candKey} vs ${pair.baseKey}: req/s ${result.ratio.toFixed(3)} (${fixed(into.rps)}), CPU ${result.cpuRatio.toFixed(3)}; per pair ${fixed(into.perPair)}`,
    );
    results.push(result);
  }
  return results;
}

module.exports = {
  measureLoad,
  loadTogether,
  sideBySideRuns,
  measurePairs,
  measureSideBySide,
  TARGET_PAIRS,
};
