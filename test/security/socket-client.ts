import net from 'node:net';

/** What came back on a raw socket: everything the server wrote, and whether it closed. */
export interface RawExchange {
  readonly text: string;
  readonly status: number | undefined;
}

/** Opens a socket, writes `chunks` (the last one may stay unfinished), resolves when the server closes it. */
export function rawRequest(port: number, chunks: readonly string[]): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET') return;
      reject(error);
    });
    socket.on('close', () => {
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ text, status: match ? Number(match[1]) : undefined });
    });
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
    });
  });
}

/** Resolves with the first response head on a socket that stays open (keep-alive). */
export function firstResponse(socket: net.Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n\r\n')) {
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
  });
}
