import { createApp, type Application } from '@pith/core';
import { ormPlugin, type OrmOptions } from '@pith/orm';
import { Appointment, Customer, Sample } from './contract-entities';
import { contractRoutes, type Gates } from './contract-routes';

/** Words that would mean a driver's message reached a response. */
export const DRIVER_WORDS =
  /constraint|duplicate|unique|ECONNREFUSED|sqlite|postgres|maria|mongo|SQLSTATE|select /i;

/** An app with the orm plugin and the contract's routes, quiet, in test mode. */
export function buildApp(
  url: string,
  gates: Gates = {},
  extra: Partial<OrmOptions> = {},
): Application {
  return createApp({
    env: 'test',
    logger: { level: 'silent' },
    plugins: {
      orm: [
        ormPlugin,
        {
          url,
          entities: [Customer, Appointment, Sample],
          schema: 'update',
          connectTimeout: 2000,
          queryTimeout: 3000,
          ...extra,
        },
      ],
      routes: contractRoutes(gates),
    },
  });
}

/** A promise the test resolves by hand, to order concurrent requests without sleeping. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
