'use strict';
/**
 * The full profile with the database endpoints of bench/apps/pith/db-micro.controller.ts: reads
 * through the orm plugin's entity reader (TechEmpower's "Micro"), writes through the
 * EntityManager. The suite's own `full-micro` profile (bench/apps/pith/full-app.ts), started as
 * bench/apps/pith/main.ts starts it; same DB env variables. Needs bench/dist built.
 */
process.env.BENCH_PITH_PROFILE = 'full-micro';
require('../dist/pith/main');
