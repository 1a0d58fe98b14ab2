import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Environment } from './environment';

/**
 * Outside production, an unset `SESSION_SECRET` becomes one generated once and kept in the data
 * folder (mode 600): sessions then survive restarts, and every worker of `pith start --workers N`
 * shares the key. Production must set the variable (`readEnvironment` refuses to start without).
 */
export function withDevelopmentSecret(settings: Environment, dataDir: string): Environment {
  if (settings.sessionSecret || settings.nodeEnv === 'production') return settings;
  const file = path.join(dataDir, 'session-secret');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    // `wx`: of several processes starting at once, one writes and the others read its secret.
    fs.writeFileSync(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  return secret.length >= 32 ? { ...settings, sessionSecret: secret } : settings;
}
