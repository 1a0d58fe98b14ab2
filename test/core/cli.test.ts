import net from 'node:net';
import path from 'node:path';
import { spawnNode } from './fixtures/spawn-node';

const CLI = path.resolve(__dirname, '../../core/src/cli/main.ts');
const CWD = path.join(__dirname, 'fixtures/cli');

/** Runs `pith <args>` in the fixture folder to completion. */
async function pith(...args: string[]) {
  const run = spawnNode([CLI, ...args], { cwd: CWD });
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** A free TCP port (cluster workers need a fixed one to share). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('pith config:check', () => {
  it('finds pith.config.js in the working directory and validates every plugin', async () => {
    const res = await pith('config:check');
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout).toBe('config OK: 2 plugin(s): greeter, tooling\n');
  });

  it('loads a config function given with --config', async () => {
    const res = await pith('config:check', '--config', 'function.config.js');
    expect(res.stdout).toBe('config OK: 1 plugin(s): greeter\n');
  });

  it('exits 1 naming the key, the problem and the expected shape', async () => {
    const server = await pith('config:check', '--config', 'bad-server.json');
    expect(server.code).toBe(1);
    expect(server.stderr).toContain('ERR_CONFIG_INVALID');
    expect(server.stderr).toContain(
      'server.port got "eighty"; expected an integer from 0 to 65535',
    );
    const options = await pith('config:check', '-c', 'bad-options.json');
    expect(options.code).toBe(1);
    expect(options.stderr).toContain(
      'plugins.../plugins/greeter.js.times got 9; expected an integer from 1 to 5',
    );
    const deps = await pith('config:check', '--config', 'missing-dependency.json');
    expect(deps.code).toBe(1);
    expect(deps.stderr).toContain(
      'ERR_PLUGIN_MISSING_DEPENDENCY: plugin "needs-db" depends on "db"',
    );
  });

  it('exits 1 when there is no config file', async () => {
    const res = await pith('config:check', '--config', 'nope.js');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(
      `ERR_CONFIG_NOT_FOUND: config file ${path.join(CWD, 'nope.js')} does not exist`,
    );
  });
});

describe('pith plugins and plugin commands', () => {
  it('prints the plugin table', async () => {
    const res = await pith('plugins');
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^plugin\s+setup\s+ready\s+source$/);
    expect(lines[1]).toMatch(/^greeter\s+\d+\.\d ms\s+\d+\.\d ms\s+.*greeter\.js$/);
    expect(lines[2]).toMatch(/^tooling\s+\d+\.\d ms\s+\d+\.\d ms\s+.*with-command\.js$/);
  });

  it('runs a command a plugin added: boot "setup" skips onReady, the default waits for it', async () => {
    const routes = await pith('routes');
    expect(routes).toMatchObject({ code: 0, stdout: 'GET /hello (connected: false)\n' });
    const migrate = await pith('db:migrate', 'up', '--config', 'pith.config.js');
    expect(migrate).toMatchObject({ code: 0, stdout: 'migrated up (connected: true)\n' });
  });

  it('exits 1 for a failing command and for an unknown one, listing what exists', async () => {
    const failing = await pith('fail');
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain('the command failed on purpose');
    const unknown = await pith('nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(
      'unknown command "nope". Commands of the enabled plugins: routes, db:migrate, fail',
    );
    const routes = await pith('routes', '--config', 'function.config.js');
    expect(routes.stderr).toContain('enable the router plugin for routes');
  });

  it('prints usage for help, and exits 1 without a command', async () => {
    expect(await pith('help')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Usage: pith <command>'),
    });
    expect((await pith()).code).toBe(1);
  });
});

describe('pith start', () => {
  it('serves the app and exits 0 on SIGTERM', async () => {
    const run = spawnNode([CLI, 'start', '--config', 'function.config.js'], { cwd: CWD });
    const [, port] = await run.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+) \(pid \d+\)/);
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(await res.json()).toEqual({ message: 'Hi from a function Hi from a function' });
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('refuses a bad --workers value', async () => {
    const res = await pith('start', '--workers', 'many');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('--workers must be a whole number >= 1, got many');
  });

  it('runs a cluster: workers share the port, a crashed worker restarts, SIGTERM drains all', async () => {
    const port = await freePort();
    const run = spawnNode([CLI, 'start', '--workers', '2', '--config', 'cluster.config.js'], {
      cwd: CWD,
      env: { TEST_PORT: String(port) },
    });
    const listening =
      /listening on http:\/\/127\.0\.0\.1:(\d+) \(pid (\d+)\)[\s\S]*listening on http:\/\/127\.0\.0\.1:(\d+) \(pid (\d+)\)/;
    const [, portA, pidA, portB, pidB] = await run.waitFor(listening);
    expect([portA, portB]).toEqual([String(port), String(port)]);
    expect(pidA).not.toBe(pidB);
    const served = (await (await fetch(`http://127.0.0.1:${port}/`)).json()) as { pid: number };
    expect([pidA, pidB]).toContain(String(served.pid));
    await fetch(`http://127.0.0.1:${port}/crash`).catch(() => undefined);
    const [, crashed] = await run.waitFor(/worker (\d+) exited \(3\); restarting in 100 ms/);
    expect([pidA, pidB]).toContain(crashed);
    const [, , , , , , pidC] = await run.waitFor(
      new RegExp(
        `${listening.source}[\\s\\S]*restarting[\\s\\S]*listening on http://127\\.0\\.0\\.1:(\\d+) \\(pid (\\d+)\\)`,
      ),
    );
    expect([pidA, pidB]).not.toContain(pidC);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain('SIGTERM: draining 2 workers');
    expect(run.stdout().match(/worker \d+ stopped \(0\)/g)).toHaveLength(2);
  });

  it('SIGTERM to the primary drains an in-flight request in a worker before exiting 0', async () => {
    const port = await freePort();
    const run = spawnNode([CLI, 'start', '--workers', '2', '--config', 'cluster.config.js'], {
      cwd: CWD,
      env: { TEST_PORT: String(port) },
    });
    await run.waitFor(/listening[^\n]*\n[\s\S]*listening/);
    const slow = fetch(`http://127.0.0.1:${port}/slow`);
    const [, worker] = await run.waitFor(/slow request started in (\d+)/);
    run.child.kill('SIGTERM');
    const res = await slow;
    expect(res.status).toBe(200);
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.json()).toEqual({ drained: Number(worker) });
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain(`worker ${worker} stopped (0)`);
  });
});
