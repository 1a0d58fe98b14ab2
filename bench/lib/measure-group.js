'use strict';
/**
 * Measures one group of server instances (the web endpoints, or the database endpoints on one
 * backend): cold starts, a validity check, warm-up, then interleaved rounds. Every server of the
 * group is up during the rounds, pinned to the server CPU and idle while another is measured.
 */
const { startServer, stopServer, peakRssMiB, firstVisitCookie } = require('./server-process');
const { checkEndpoint } = require('./endpoint-check');
const { runWrk } = require('./wrk-runner');
const { measureLoad, measurePairs, measureSideBySide } = require('./paired-ratio');

const BASE_PORT = 18_100;

function log(line) {
  process.stderr.write(`${line}\n`);
}

async function sampleColdStarts(instances, ctx, samples) {
  for (let k = 0; k < samples; k++) {
    for (const inst of instances) {
      if (inst.failed) continue;
      try {
        const handle = await startServer(inst, inst.port, ctx.spawn);
        inst.coldStarts.push(handle.coldStartMs);
        await stopServer(handle);
      } catch (error) {
        inst.failed = error.message;
      }
    }
  }
}

async function startAll(instances, ctx) {
  for (const inst of instances) {
    if (inst.failed) continue;
    try {
      inst.handle = await startServer(inst, inst.port, ctx.spawn);
      inst.coldStarts.push(inst.handle.coldStartMs);
      if (inst.cookie) {
        const cookie = await firstVisitCookie(inst.port, inst.probe);
        inst.headers = cookie ? [`Cookie: ${cookie}`] : [];
      }
      log(`  ${inst.key} up in ${inst.handle.coldStartMs.toFixed(0)} ms`);
    } catch (error) {
      inst.failed = error.message;
      log(`  ${inst.key} SKIPPED: ${inst.failed}`);
    }
  }
}

async function checkEndpoints(instances, endpoints) {
  for (const inst of instances) {
    if (inst.failed) continue;
    for (const ep of endpoints) {
      if (!inst.endpoints.includes(ep.id)) continue;
      // Three tries: a database endpoint may fail once while its pool connects.
      let problem = 'not checked';
      for (let attempt = 0; attempt < 3 && problem !== undefined; attempt++) {
        problem = await checkEndpoint(inst.port, ep);
      }
      if (problem !== undefined) {
        inst.broken.set(ep.id, `fails the verifier rules: ${problem}`);
        log(`  ${inst.key} ${ep.id} SKIPPED: ${problem}`);
      }
    }
  }
}

function measurable(inst, ep) {
  return !inst.failed && inst.endpoints.includes(ep.id) && !inst.broken.has(ep.id);
}

/**
 * Runs the group and returns its samples (`{ endpoint, key, round, rps, p50, p99, errors, cpuUs }`)
 * and its A/B/A and side-by-side target ratios (lib/paired-ratio.js). Bounded: rounds × endpoints
 * × instances measurements of `duration` seconds each, then (2 × paired + 1) slices and
 * `sideBySide` runs in each of `sideBySidePairs` process pairs per target pair.
 */
async function measureGroup(group, endpoints, opts, ctx) {
  const instances = group.instances;
  instances.forEach((inst, i) => {
    Object.assign(inst, { port: BASE_PORT + i, coldStarts: [], broken: new Map() });
  });
  log(`group ${group.name}: ${instances.map((i) => i.key).join(', ')}`);
  await sampleColdStarts(instances, ctx, Math.max(0, opts.coldStarts - 1));
  await startAll(instances, ctx);
  const samples = [];
  let paired = [];
  try {
    await checkEndpoints(instances, endpoints);
    for (const ep of endpoints) {
      for (const inst of instances) {
        if (!measurable(inst, ep)) continue;
        await runWrk(`http://127.0.0.1:${inst.port}${ep.path}`, {
          ...ctx.load,
          headers: inst.headers,
          duration: opts.warmup,
        });
      }
    }
    for (let round = 0; round < opts.rounds; round++) {
      for (const ep of endpoints) {
        const order = instances.filter((inst) => measurable(inst, ep));
        // Rotate the start of each round so no server always runs right after the same one.
        const rotated = order.map((_, i) => order[(i + round) % order.length]);
        for (const inst of rotated) {
          const r = await measureLoad(
            inst,
            `http://127.0.0.1:${inst.port}${ep.path}`,
            ctx.load,
            opts.duration,
          );
          samples.push({ endpoint: ep.id, key: inst.key, round, ...r });
          log(
            `  r${round + 1} ${ep.id.padEnd(9)} ${inst.key.padEnd(18)} ${r.rps.toFixed(0).padStart(7)} req/s ${r.cpuUs.toFixed(1).padStart(7)} µs CPU/req${r.errors ? `  (${r.errors} errors)` : ''}`,
          );
        }
      }
    }
    // Before the A/B/A phase: only some servers take part in it, and a server's high-water mark
    // grows with the time it has run (V8 grows its young generation in steps).
    for (const inst of instances) if (inst.handle) inst.peakRss = peakRssMiB(inst.handle.pid);
    paired = await measurePairs(instances, endpoints, opts, ctx.load, log);
    paired.push(...(await measureSideBySide(instances, endpoints, opts, ctx.load, log, ctx.spawn)));
  } finally {
    for (const inst of instances) {
      if (!inst.handle) continue;
      inst.peakRss ??= peakRssMiB(inst.handle.pid);
      await stopServer(inst.handle);
    }
  }
  return { samples, paired };
}

module.exports = { measureGroup };
