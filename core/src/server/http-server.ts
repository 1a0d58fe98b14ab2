import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ResolvedConfig } from '../config/app-config';

/**
 * Creates a `node:http` server with the configured timeouts and limits (slowloris, header size,
 * connection count) and resolves once it listens.
 */
export async function listenHttp(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  opts: ResolvedConfig['server'],
  port: number,
  host: string,
): Promise<Server> {
  const server = http.createServer(
    {
      maxHeaderSize: opts.maxHeaderSize,
      requestTimeout: opts.requestTimeout,
      headersTimeout: opts.headersTimeout,
      keepAliveTimeout: opts.keepAliveTimeout,
      // Node checks both timeouts only this often (30 s by default): a slowloris client would
      // otherwise hold its socket up to 30 s past headersTimeout.
      connectionsCheckingInterval: Math.max(100, Math.floor(opts.headersTimeout / 4)),
    },
    handler,
  );
  server.maxConnections = opts.maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
