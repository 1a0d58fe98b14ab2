/**
 * The bench starts every server with the same Node flags (bench/lib/server-process.js). Without
 * `--no-memory-reducer`, V8 ran full GCs in some servers while they idled and the suite measured
 * the others, and such a GC costs a Node server about a fifth of its speed: which servers got one
 * decided their ratios (bench/micro/README.md, section 12).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

interface Handle {
  pid: number;
}
interface ServerProcess {
  startServer(
    server: { id: string; entry: string[]; probe: string; nodeArgs?: string[] },
    port: number,
    opts: { benchDir: string },
  ): Promise<Handle>;
  stopServer(handle: Handle): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServer, stopServer } = require('../../bench/lib/server-process') as ServerProcess;

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('bench server processes', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pith-bench-'));
    // Answers with the flags node was started with.
    writeFileSync(
      path.join(dir, 'server.js'),
      "require('node:http').createServer((req, res) => res.end(JSON.stringify(process.execArgv)))" +
        ".listen(Number(process.env.PORT), '127.0.0.1');",
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts every server without the memory reducer, before the flags a server adds', async () => {
    const port = await freePort();
    const handle = await startServer(
      { id: 'flags', entry: ['server.js'], probe: '/', nodeArgs: ['--max-old-space-size=256'] },
      port,
      { benchDir: dir },
    );
    try {
      const flags = (await (await fetch(`http://127.0.0.1:${port}/`)).json()) as string[];
      expect(flags).toEqual(['--no-memory-reducer', '--max-old-space-size=256']);
    } finally {
      await stopServer(handle);
    }
  });
});
