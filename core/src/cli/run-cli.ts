import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { Application } from '../application';
import { PithError } from '../errors/http-error';
import { loadConfigFile } from './load-config';
import { startCluster } from './start-cluster';

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const USAGE = `Usage: pith <command> [--config <file>]

Commands:
  start [--workers N]   serve the app (N > 1: a cluster of N processes)
  plugins               list the enabled plugins with their setup and ready timings
  config:check          load and validate the config and every plugin's options
  <plugin command>      a command a plugin adds, e.g. routes (router), db:migrate (orm)

The config is pith.config.js or pith.config.json in the working directory unless --config is given.`;

/**
 * Runs one `pith` command. Resolves with the exit code, or `undefined` when the process must
 * keep running (a server).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number | undefined> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      config: { type: 'string', short: 'c' },
      workers: { type: 'string', short: 'w' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: false,
  });
  const [command, ...rest] = positionals;
  if (!command || values.help || command === 'help') {
    io.out(USAGE);
    return command || values.help ? 0 : 1;
  }
  const configFile = typeof values.config === 'string' ? values.config : undefined;
  try {
    if (command === 'start') return await start(configFile, values.workers, io);
    const config = await loadConfigFile(configFile, io.cwd);
    // Command output goes to stdout too: only warnings and errors may join it.
    const quiet = { ...config, logger: { level: 'warn' as const, ...config.logger } };
    const app = new Application(quiet, io.env);
    try {
      if (command === 'config:check') return checkConfig(app, io);
      if (command === 'plugins') {
        await app.ready();
        io.out(app.printPlugins());
        return 0;
      }
      return await runPluginCommand(app, command, rest, io);
    } finally {
      await app.close();
    }
  } catch (error) {
    io.err(error instanceof PithError ? error.message : String((error as Error).stack ?? error));
    return 1;
  }
}

function checkConfig(app: Application, io: CliIo): number {
  app.setup();
  const names = app.plugins.map((p) => p.name);
  io.out(`config OK: ${names.length} plugin(s)${names.length ? `: ${names.join(', ')}` : ''}`);
  return 0;
}

async function runPluginCommand(
  app: Application,
  name: string,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  app.setup();
  const command = app.commands.get(name);
  if (!command) {
    const known = [...app.commands.keys()];
    io.err(
      `unknown command "${name}". Commands of the enabled plugins: ${known.length ? known.join(', ') : 'none'}` +
        (name === 'routes' ? ' (enable the router plugin for routes)' : '') +
        '\nRun pith help for the built-in commands.',
    );
    return 1;
  }
  if (command.boot !== 'setup') await app.ready();
  await command.run(args, io.out);
  return 0;
}

async function start(
  configFile: string | undefined,
  workersFlag: unknown,
  io: CliIo,
): Promise<number | undefined> {
  const workers = workersFlag === undefined ? 1 : Number(workersFlag);
  if (!Number.isInteger(workers) || workers < 1) {
    io.err(`--workers must be a whole number >= 1, got ${String(workersFlag)}`);
    return 1;
  }
  if (workers > 1 && cluster.isPrimary) return startCluster(workers, io.out);
  const app = new Application(await loadConfigFile(configFile, io.cwd), io.env);
  const { port, address } = await app.listen();
  io.out(`pith: listening on http://${address}:${port} (pid ${process.pid})`);
  return undefined;
}
