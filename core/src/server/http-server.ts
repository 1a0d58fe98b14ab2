import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
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
  extraHeaders: ReadonlyArray<readonly [string, string]> = [],
): Promise<Server> {
  const extra = extraHeaders.map(([name, value]) => `${name}: ${value}\r\n`).join('');
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
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) =>
    answerClientError(error, socket, extra),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

const CLIENT_ERRORS: Readonly<Record<string, readonly [number, string, string]>> = {
  HPE_HEADER_OVERFLOW: [
    431,
    'Request Header Fields Too Large',
    'The request headers are too large.',
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'The request took too long to arrive.'],
  // Node's own default for this one: keep it.
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'Payload Too Large', 'The chunk extensions are too large.'],
};
const BAD_REQUEST = [400, 'Bad Request', 'The request is malformed.'] as const;

/**
 * Node's own answer to a request it cannot parse (431, 408, 400) has no request id and no
 * headers: answer like the framework does, then close. Mirrors Node's default: nothing is
 * written over a response already on the wire, and a dead socket is only destroyed.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, extra: string): void {
  const inFlight = (socket as { _httpMessage?: ServerResponse | null })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, reason, text] = CLIENT_ERRORS[error.code ?? ''] ?? BAD_REQUEST;
  const body = `${status} ${reason}: ${text}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      'X-Content-Type-Options: nosniff\r\n' +
      'Cache-Control: no-store\r\n' +
      `X-Request-Id: ${randomUUID()}\r\n` +
      extra +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
