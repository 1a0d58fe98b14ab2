import pino, { type Logger } from 'pino';
import type { ResolvedConfig } from './config/app-config';

function canResolve(id: string): boolean {
  try {
    require.resolve(id);
    return true;
  } catch {
    return false;
  }
}

/**
 * The app's pino logger: JSON lines, pretty in development when `pino-pretty` is installed,
 * silent under tests unless `LOG_LEVEL` or the config asks otherwise. `close` ends the pretty
 * transport's worker thread, so apps created and closed in one process leave nothing behind.
 */
export function createLogger(config: ResolvedConfig): { logger: Logger; close: () => void } {
  const level = config.logger.level ?? (config.env === 'test' ? 'silent' : 'info');
  const pretty =
    config.logger.pretty ?? (config.env === 'development' && canResolve('pino-pretty'));
  const options = {
    name: config.name,
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'password', '*.password'],
      censor: '[redacted]',
    },
  };
  if (!pretty) return { logger: pino(options), close: () => undefined };
  const transport = pino.transport({
    target: 'pino-pretty',
    options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
  });
  return { logger: pino(options, transport), close: () => transport.end() };
}
