import path from 'node:path';
import { createApp, type Application } from '@pith/core';
import { router } from '@pith/router';
import { viewsPlugin } from '@pith/views';
import { BASE_CONFIG } from './base-config';
import { FortunesController } from './fortunes.controller';
import { sqliteFortunes } from './sqlite-fortunes';

// apps/shared holds the template the bare baseline renders (fortunes.ejs): the same file here.
const SHARED_VIEWS = path.join(__dirname, '..', '..', 'apps', 'shared');

/**
 * The views profile (issue 4): router + views, `/fortunes` read with the bare baseline's
 * better-sqlite3 statement and rendered from its template, without the orm plugin.
 */
export function createViewsApp(sqliteUrl: string): Application {
  return createApp(
    {
      ...BASE_CONFIG,
      plugins: {
        router: [router, { controllers: [FortunesController] }],
        views: [viewsPlugin, { dir: SHARED_VIEWS }],
      },
    },
    {},
  ).register(sqliteFortunes(sqliteUrl));
}
