'use strict';
/**
 * The targets of issue 9 (and issue 2's kernel check, issue 4's views and issue 7's security
 * ratios), checked against a run's summary.
 */
const { median, range } = require('./stats');

const fmt = (n) => (Number.isFinite(n) ? n.toFixed(2) : '–');

function row(summary, table, serverId, backend) {
  return (summary.get(table) ?? []).find(
    (r) => r.inst.serverId === serverId && r.inst.backend === backend,
  );
}

/** Median and range over rounds of a/b rps measured in the same round. */
function pairRatio(a, b) {
  const ratios = [...a.perRound]
    .filter(([round]) => b.perRound.has(round))
    .map(([round, rps]) => rps / b.perRound.get(round));
  return { median: median(ratios), range: range(ratios) };
}

function verdict(value, target, higherIsBetter = true) {
  if (!Number.isFinite(value)) return 'not measured';
  const ok = higherIsBetter ? value >= target : value <= target;
  if (ok) return 'met';
  const miss = higherIsBetter ? (target - value) / target : (value - target) / target;
  return `**missed by ${miss < 0.01 ? 'less than 1' : (miss * 100).toFixed(0)}%**`;
}

function ratioLine(summary, label, table, serverId, target, backend) {
  const r = row(summary, table, serverId, backend);
  if (!r) return `| ${label} | ≥ ${target} | not measured | – |`;
  return `| ${label} | ≥ ${target} | ${fmt(r.ratio)} (${fmt(r.ratioRange[0])}–${fmt(r.ratioRange[1])}) | ${verdict(r.ratio, target)} |`;
}

/** The same target read on CPU per request: baseline CPU / server CPU, round by round. */
function cpuLine(summary, label, table, serverId, target, backend) {
  const r = row(summary, table, serverId, backend);
  if (!r || !Number.isFinite(r.cpuRatio))
    return `| ${label}, CPU per request | ≥ ${target} | not measured | – |`;
  return `| ${label}, CPU per request | ≥ ${target} | ${fmt(r.cpuRatio)} (${fmt(r.cpuRatioRange[0])}–${fmt(r.cpuRatioRange[1])}) | ${verdict(r.cpuRatio, target)} |`;
}

/** A target stated in requests/s, with its CPU-per-request reading on the next line. */
function ratioAndCpuLines(summary, label, table, serverId, target, backend) {
  return [
    ratioLine(summary, label, table, serverId, target, backend),
    cpuLine(summary, label, table, serverId, target, backend),
  ];
}

const PAIRED_METHODS = { aba: 'A/B/A slices', 'side-by-side': 'side by side, runs' };

/** `; per pair 0.95 0.97 0.96` for a side-by-side reading over several process pairs. */
function perPair(p) {
  return p.perPair && p.perPair.length > 1 ? `; per pair ${p.perPair.map(fmt).join(' ')}` : '';
}

/**
 * The same target measured A/B/A and side by side (lib/paired-ratio.js), one line each the run
 * measured.
 */
function pairedLine(paired, label, tableId, candidate, target) {
  return paired
    .filter((r) => r.table === tableId && r.candidate === candidate)
    .map(
      (p) =>
        `| ${label}, ${PAIRED_METHODS[p.method]} (${p.slices}) | ≥ ${target} | ${fmt(p.ratio)} (${fmt(p.ratioRange[0])}–${fmt(p.ratioRange[1])}); CPU ${fmt(p.cpuRatio)} (${fmt(p.cpuRatioRange[0])}–${fmt(p.cpuRatioRange[1])})${perPair(p)} | ${verdict(p.ratio, target)} |`,
    );
}

function versusLine(summary, label, table, target) {
  const a = row(summary, table, 'pith');
  const b = row(summary, table, 'nest-fastify');
  if (!a || !b) return `| ${label} | ≥ ${target}× | not measured | – |`;
  const r = pairRatio(a, b);
  return `| ${label} | ≥ ${target}× | ${fmt(r.median)}× (${fmt(r.range[0])}–${fmt(r.range[1])}) | ${verdict(r.median, target)} |`;
}

/**
 * A markdown table: target, measured value (median, min–max over rounds), verdict; the targets
 * measured A/B/A and side by side as well (`paired`, lib/paired-ratio.js) get those readings on
 * the next lines.
 */
function checkTargets(summary, paired = []) {
  const lines = ['| target | wanted | measured median (min–max) | verdict |', '|---|--:|--:|---|'];
  const both = (label, table, serverId, target) => [
    ratioLine(summary, label, table, serverId, target),
    ...pairedLine(paired, label, table, serverId, target),
  ];
  lines.push(
    ...both('issue 2: kernel + plugin dispatcher, /json vs node:http', 'json', 'pith-kernel', 0.95),
    ...both('Pith minimal /json vs node:http', 'json', 'pith', 0.95),
    ...both('Pith minimal /plaintext vs node:http', 'plaintext', 'pith', 0.95),
    ...both('Pith minimal /users/:id vs node:http', 'users', 'pith', 0.9),
  );
  for (const t of ['json', 'plaintext', 'users'])
    lines.push(versusLine(summary, `Pith /${t} vs NestJS on Fastify`, t, 1.2));
  for (const backend of ['pg', 'sqlite']) {
    for (const ep of ['fortunes', 'db', 'queries']) {
      const name = backend === 'pg' ? 'PostgreSQL' : 'SQLite';
      lines.push(
        ratioLine(
          summary,
          `Pith full /${ep} on ${name} vs bare driver + ejs`,
          `${ep}:${backend}`,
          'pith',
          0.95,
          backend,
        ),
      );
      lines.push(
        ratioLine(
          summary,
          `Pith full, Micro reads (orm.reader), /${ep} on ${name} vs bare driver + ejs`,
          `${ep}:${backend}`,
          'pith-micro',
          0.95,
          backend,
        ),
      );
    }
  }
  const views = 'issue 4: router + views /fortunes (SQLite) vs node:http + ejs';
  const security =
    'issue 7: session + CSRF + headers on a page vs the same page without the security plugin';
  lines.push(
    ...ratioAndCpuLines(summary, views, 'fortunes:sqlite', 'pith-views', 0.95, 'sqlite'),
    ...pairedLine(paired, views, 'fortunes:sqlite', 'pith-views:sqlite', 0.95),
    ...ratioAndCpuLines(summary, security, 'page', 'pith-page-secure', 0.8),
    ...pairedLine(paired, security, 'page', 'pith-page-secure', 0.8),
  );
  const pith = row(summary, 'json', 'pith') ?? row(summary, 'json', 'pith-kernel');
  const fastify = row(summary, 'json', 'fastify');
  const cold = pith ? median(pith.inst.coldStarts) : NaN;
  const which =
    pith?.inst.serverId === 'pith-kernel' ? ' (kernel profile: the router is not measured)' : '';
  lines.push(
    `| Cold start, minimal profile${which} | ≤ 250 ms | ${Number.isFinite(cold) ? cold.toFixed(0) : '–'} ms | ${verdict(cold, 250, false)} |`,
  );
  const rss = pith?.inst.peakRss;
  const fRss = fastify?.inst.peakRss;
  lines.push(
    `| Peak RSS, minimal profile${which} vs Fastify | ≤ ${Number.isFinite(fRss) ? fRss.toFixed(0) : '?'} MiB | ${Number.isFinite(rss) ? rss.toFixed(0) : '–'} MiB | ${verdict(rss, fRss, false)} |`,
  );
  lines.push(...startupLines());
  return lines.join('\n');
}

/** Rows from bench/lib/sample-app-startup.js (the real sample app, production, fresh SQLite). */
function startupLines() {
  const file = require('node:path').join(__dirname, '../results/startup.json');
  let data;
  try {
    data = JSON.parse(require('node:fs').readFileSync(file, 'utf8')).results;
  } catch {
    return [
      '| Cold start, full sample app | ≤ 500 ms | not measured (bench/lib/sample-app-startup.js did not run) | – |',
    ];
  }
  const row = (label, r, limit) =>
    `| ${label} | ${limit ? `≤ ${limit} ms` : 'reported'} | ${r.coldMs.toFixed(0)} ms (${r.coldRange[0].toFixed(0)}–${r.coldRange[1].toFixed(0)}), idle RSS ${r.idleRssMiB.toFixed(0)} MiB | ${limit ? verdict(r.coldMs, limit, false) : '–'} |`;
  return [
    row('Cold start, full sample app (spawn → first 200 on /login, fresh SQLite)', data.full, 500),
    row('Cold start, sample app minimal profile (spawn → first 200 on /json)', data.minimal, 250),
  ];
}

const REFERENCE = {
  fastify: [0.99, 0.86, 0.99],
  hono: [0.76, 0.84, 0.98],
  'nest-fastify': [0.78, 0.71, 0.81],
  'nest-express': [0.15, 0.16, 0.34],
  express: [0.2, 0.22, 0.43],
};

/** The peers' ratios of this run next to the reference figures quoted in issue 9. */
function peerReference(summary) {
  const lines = [
    '| peer | /json: this run (issue 9) | /users/:id: this run (issue 9) | /fortunes PostgreSQL: this run (issue 9) |',
    '|---|--:|--:|--:|',
  ];
  for (const [id, ref] of Object.entries(REFERENCE)) {
    const cells = ['json', 'users', 'fortunes:pg'].map((table, i) => {
      const r = row(summary, table, id, table.includes(':') ? 'pg' : undefined);
      return `${r ? fmt(r.ratio) : '–'} (${ref[i].toFixed(2)})`;
    });
    lines.push(`| ${id} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

module.exports = { checkTargets, peerReference };
