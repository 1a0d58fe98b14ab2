import path from 'node:path';
import { spawnNode } from './fixtures/spawn-node';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  port?: number;
  status?: number;
  password?: string;
  err?: { message: string; stack: string };
}

describe('logs', () => {
  it('writes JSON lines with the request id on every line of a request, secrets redacted', async () => {
    const run = spawnNode([path.join(__dirname, 'fixtures/log-requests.js')]);
    const [line] = await run.waitFor(/\{[^\n]*"msg":"listening"[^\n]*\}/);
    const { port } = JSON.parse(line) as LogLine;
    const ok = await fetch(`http://127.0.0.1:${port}/`);
    const boom = await fetch(`http://127.0.0.1:${port}/boom`);
    await run.waitFor(/"status":500[^\n]*"msg":"request completed"/);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const lines = run
      .stdout()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as LogLine);
    const of = (id: string | null) => lines.filter((l) => l.reqId === id).map((l) => l.msg);
    const okId = ok.headers.get('x-request-id');
    const boomId = boom.headers.get('x-request-id');
    expect(of(okId)).toEqual(['inside the service', 'request completed']);
    expect(of(boomId)).toEqual(['inside the service', 'request failed', 'request completed']);
    const failed = lines.find((l) => l.msg === 'request failed')!;
    expect(failed.level).toBe(50);
    expect(failed.err?.message).toBe('database exploded');
    expect(lines.find((l) => l.msg === 'inside the service')!.password).toBe('[redacted]');
    expect(lines.filter((l) => l.msg === 'request completed').map((l) => l.status)).toEqual([
      200, 500,
    ]);
    expect(lines.at(-1)!.msg).toBe('closed');
  });
});
