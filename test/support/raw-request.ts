import net from 'node:net';

/**
 * Sends raw bytes over a socket and resolves with everything the server answered: for the
 * answers Node's own parser gives (400, 431), which no HTTP client lets a test provoke.
 */
export function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}
