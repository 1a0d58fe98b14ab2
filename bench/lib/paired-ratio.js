'use strict';
/**
 * The targets' ratios measured A/B/A: the baseline and the candidate alternate in short slices,
 * and each candidate slice is compared with the mean of the baseline slices just before and just
 * after it. On a shared machine the speed of the server CPU drifts over seconds; the rounds of
 * the main tables put up to a dozen servers between a baseline and a candidate measurement, so
 * their ratios carry that drift. Bracketing cancels a drift that is linear over one slice pair.
 */
const { runWrk } = require('./wrk-runner');
const { cpuTimeNs } = require('./server-process');
const { median, range } = require('./stats');

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
 * Measures every target pair of a group whose two servers are up: `pairs` candidate slices,
 * each between two baseline slices, `duration` seconds each. Returns one result per pair with
 * the median and range of its ratios (requests/s, and baseline CPU / candidate CPU).
 */
async function measurePairs(instances, endpoints, opts, load, log) {
  const results = [];
  if (!(opts.paired > 0)) return results;
  for (const [tableId, baseKey, candKey] of TARGET_PAIRS) {
    const endpointId = tableId.split(':')[0];
    const ep = endpoints.find((e) => e.id === endpointId);
    const base = instances.find((i) => i.key === baseKey);
    const cand = instances.find((i) => i.key === candKey);
    const usable = (i) => i?.handle && !i.failed && !i.broken.has(endpointId);
    if (!ep || !usable(base) || !usable(cand)) continue;
    const url = (i) => `http://127.0.0.1:${i.port}${ep.path}`;
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
    const result = {
      table: tableId,
      baseline: baseKey,
      candidate: candKey,
      slices: opts.paired,
      ratio: median(rps),
      ratioRange: range(rps),
      cpuRatio: median(cpu),
      cpuRatioRange: range(cpu),
      ratios: rps,
      cpuRatios: cpu,
    };
    log(
      `  A/B/A ${tableId} ${candKey} vs ${baseKey}: req/s ${result.ratio.toFixed(3)} (${rps.map((r) => r.toFixed(2)).join(' ')}), CPU ${result.cpuRatio.toFixed(3)}`,
    );
    results.push(result);
  }
  return results;
}

module.exports = { measureLoad, measurePairs, TARGET_PAIRS };
