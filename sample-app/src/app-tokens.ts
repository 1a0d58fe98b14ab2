import { createToken } from '@pith/core';
import type { Clock } from '@pith/jobs';
import type { Environment } from './environment';

/** The app's time source: the jobs plugin's clock, so tests move both together. */
export const CLOCK = createToken<Clock>('sample:clock');
/** The settings read from the environment at boot. */
export const SETTINGS = createToken<Environment>('sample:settings');
