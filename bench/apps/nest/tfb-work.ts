import { openDb, tfbHandlers } from '../../apps/shared/tfb-db';

/** The bare-driver work behind the database endpoints. */
export type TfbWork = ReturnType<typeof tfbHandlers>;

/** Injection token of {@link TfbWork}. */
export const TFB_WORK = 'TFB_WORK';

const missing = (): Promise<never> => Promise.reject(new Error('BENCH_DB is not set'));

/** Opens the database named by `BENCH_DB`, or endpoints that fail when there is none. */
export function createTfbWork(): TfbWork {
  const db = openDb();
  return db
    ? tfbHandlers(db)
    : { db: missing, queries: missing, updates: missing, fortunes: missing };
}
