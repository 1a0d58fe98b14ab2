import { createBenchApp, type BenchProfile } from './bench-app';

/**
 * Starts a bench server on loopback: profile from `BENCH_PITH_PROFILE`, port from `PORT`, the
 * database from `BENCH_DB` (`pg` or `sqlite`) with `BENCH_PG_URL` / `BENCH_SQLITE_FILE`. The app
 * gets an empty environment so that the runner's variables never reach the config.
 */
async function main(): Promise<void> {
  const profile = (process.env.BENCH_PITH_PROFILE ?? 'kernel') as BenchProfile;
  const { BENCH_DB, BENCH_PG_URL, BENCH_SQLITE_FILE } = process.env;
  const url =
    BENCH_DB === 'pg'
      ? (BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/pith_bench')
      : BENCH_DB === 'sqlite' && BENCH_SQLITE_FILE
        ? `sqlite:${BENCH_SQLITE_FILE}`
        : undefined;
  const app = createBenchApp(profile, url ? { url } : undefined);
  await app.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
