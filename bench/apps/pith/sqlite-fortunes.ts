import path from 'node:path';
import { createToken, definePlugin, PithError, type Plugin } from '@pith/core';
import type { Fortune, TfbDb } from '../shared/tfb-db';

// The same folder from the sources (bench/apps/pith) and from the build (bench/dist/pith).
const SHARED_DIR = path.join(__dirname, '..', '..', 'apps', 'shared');

/** Reads every fortune row: the bare baseline's better-sqlite3 statement, prepared once. */
export const FORTUNE_ROWS = createToken<() => Promise<Fortune[]>>('bench:fortune-rows');

/**
 * Opens the SQLite file with the bare baseline's own code (`apps/shared/tfb-db.js`: the same
 * driver, pragma and statement), so the views profile differs from `node:http` + ejs only by
 * the framework.
 */
export function sqliteFortunes(url: string): Plugin {
  if (!url.startsWith('sqlite:'))
    throw new PithError(
      'ERR_CONFIG_INVALID',
      `bench profile "views" needs a sqlite: URL, got "${url}"`,
    );
  const file = url.slice('sqlite:'.length);
  return definePlugin({
    name: 'bench-sqlite-fortunes',
    setup(ctx) {
      const shared = require(
        path.join(SHARED_DIR, 'tfb-db.js'),
      ) as typeof import('../shared/tfb-db');
      const db = shared.openDb({ BENCH_DB: 'sqlite', BENCH_SQLITE_FILE: file }) as TfbDb;
      ctx.provide(FORTUNE_ROWS, { useValue: () => db.getFortunes() });
      ctx.onClose(() => db.close());
    },
  });
}
