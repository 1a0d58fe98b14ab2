import { createBenchApp, type BenchProfile } from './bench-app';

/**
 * Starts a bench server on loopback: profile from `BENCH_PITH_PROFILE`, port from `PORT`. The
 * app gets an empty environment so that the runner's variables never reach the config.
 */
async function main(): Promise<void> {
  const profile = (process.env.BENCH_PITH_PROFILE ?? 'kernel') as BenchProfile;
  const app = createBenchApp(profile);
  await app.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
