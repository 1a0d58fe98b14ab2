'use strict';
/** Command-line flags of the bench runner; every loop it drives is bounded by these numbers. */

const DEFAULTS = {
  // 1 s rounds proved too short here: one stall of the shared machine wiped a whole measurement.
  rounds: 4,
  duration: 2,
  warmup: 1,
  connections: 64,
  coldStarts: 3,
  only: undefined,
  servers: undefined,
  out: undefined,
  db: 'pg,sqlite',
  profile: undefined,
  nice: 0,
  // The targets' A/B/A phase (lib/paired-ratio.js): candidate slices, seconds per slice.
  paired: 16,
  pairedDuration: 1,
  // The targets' side-by-side phase (lib/paired-ratio.js): process pairs (the running one, then
  // fresh ones), runs per pair, seconds per run.
  sideBySidePairs: 3,
  sideBySide: 4,
  sideBySideDuration: 3,
};

const QUICK = {
  rounds: 2,
  duration: 1,
  warmup: 1,
  coldStarts: 1,
  paired: 2,
  sideBySidePairs: 1,
  sideBySide: 2,
  sideBySideDuration: 1,
};

const USAGE = `usage: npm run bench -- [options]
  --quick              2 rounds of 1 s, 1 s warm-up (a smoke run, not for claims)
  --only a,b           endpoints: json,plaintext,users,db,queries,updates,fortunes,page
  --servers a,b        server ids (see lib/server-catalogue.js)
  --rounds N           interleaved rounds (default ${DEFAULTS.rounds})
  --duration S         seconds per measurement (default ${DEFAULTS.duration})
  --warmup S           seconds of warm-up per server and endpoint (default ${DEFAULTS.warmup})
  --paired N           A/B/A slices per target ratio, 0 for none (default ${DEFAULTS.paired})
  --paired-duration S  seconds per A/B/A slice (default ${DEFAULTS.pairedDuration})
  --side-by-side N     side-by-side runs per process pair and target, 0 for none (default ${DEFAULTS.sideBySide})
  --side-by-side-pairs N  process pairs per target: the running one, then fresh ones (default ${DEFAULTS.sideBySidePairs})
  --side-by-side-duration S  seconds per side-by-side run (default ${DEFAULTS.sideBySideDuration})
  --connections N      concurrent connections (default ${DEFAULTS.connections})
  --cold-starts N      cold-start samples per server (default ${DEFAULTS.coldStarts})
  --db pg,sqlite       database backends for the database endpoints ('' for none)
  --nice N             scheduling priority of servers and wrk (root may give -5 on a busy machine)
  --profile ID         run server ID under node --cpu-prof and print its hottest functions
  --out FILE           results file (default bench/RESULTS.md; quick runs write bench/results/raw/)`;

// wrk takes whole seconds only.
function positive(name, raw) {
  const n = Math.round(Number(raw));
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`--${name} needs a positive integer, got "${raw}"`);
  return n;
}

/** A phase's count, where `0` turns the phase off. */
function countOrNone(name, raw) {
  return raw === '0' ? 0 : positive(name, raw);
}

/** Parses argv into options; throws with the usage on a bad flag. */
function parseOptions(argv) {
  const opts = { ...DEFAULTS, quick: false };
  const args = [...argv];
  const take = (flag) => {
    if (args.length === 0) throw new Error(`${flag} needs a value\n${USAGE}`);
    return args.shift();
  };
  while (args.length > 0) {
    const flag = args.shift();
    switch (flag) {
      case '--quick':
        Object.assign(opts, QUICK, { quick: true });
        break;
      case '--only':
        opts.only = take(flag).split(',').filter(Boolean);
        break;
      case '--servers':
        opts.servers = take(flag).split(',').filter(Boolean);
        break;
      case '--rounds':
        opts.rounds = positive('rounds', take(flag));
        break;
      case '--duration':
        opts.duration = positive('duration', take(flag));
        break;
      case '--warmup':
        opts.warmup = positive('warmup', take(flag));
        break;
      case '--paired':
        opts.paired = countOrNone('paired', take(flag));
        break;
      case '--paired-duration':
        opts.pairedDuration = positive('paired-duration', take(flag));
        break;
      case '--side-by-side':
        opts.sideBySide = countOrNone('side-by-side', take(flag));
        break;
      case '--side-by-side-pairs':
        opts.sideBySidePairs = positive('side-by-side-pairs', take(flag));
        break;
      case '--side-by-side-duration':
        opts.sideBySideDuration = positive('side-by-side-duration', take(flag));
        break;
      case '--connections':
        opts.connections = positive('connections', take(flag));
        break;
      case '--cold-starts':
        opts.coldStarts = positive('cold-starts', take(flag));
        break;
      case '--db':
        opts.db = take(flag);
        break;
      case '--nice': {
        const raw = take(flag);
        opts.nice = Number.parseInt(raw, 10);
        if (!Number.isInteger(opts.nice) || opts.nice < -20 || opts.nice > 19)
          throw new Error(`--nice needs an integer in -20..19, got "${raw}"`);
        break;
      }
      case '--profile':
        opts.profile = take(flag);
        break;
      case '--out':
        opts.out = take(flag);
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  opts.dbs = opts.db.split(',').filter(Boolean);
  return opts;
}

module.exports = { parseOptions, positive, countOrNone, USAGE };
