import type { ReadinessCheck } from '../plugin/plugin';

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, string>>;
}

interface Entry {
  readonly name: string;
  readonly check: ReadinessCheck;
  readonly timeoutMs: number;
}

/**
 * The readiness checks plugins feed (database, Redis); `/readyz` runs them all in parallel, each
 * bounded by its timeout. Shutting down makes the app unready at once.
 */
export class Readiness {
  private readonly entries: Entry[] = [];
  private shuttingDown = false;

  add(name: string, check: ReadinessCheck, timeoutMs = 2000): void {
    if (this.entries.some((e) => e.name === name))
      throw new TypeError(`readiness check "${name}" is registered twice`);
    this.entries.push({ name, check, timeoutMs });
  }

  get names(): string[] {
    return this.entries.map((e) => e.name);
  }

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async run(): Promise<ReadinessReport> {
    const checks: Record<string, string> = {};
    if (this.shuttingDown) checks.shutdown = 'shutting down';
    await Promise.all(
      this.entries.map(async (entry) => {
        checks[entry.name] = await runOne(entry);
      }),
    );
    return { ready: Object.values(checks).every((v) => v === 'ok'), checks };
  }
}

async function runOne(entry: Entry): Promise<string> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(`timed out after ${entry.timeoutMs} ms`);
    }, entry.timeoutMs);
  });
  try {
    return await Promise.race([
      Promise.resolve(entry.check(controller.signal)).then(() => 'ok'),
      timeout,
    ]);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `failed (${code})` : 'failed';
  } finally {
    clearTimeout(timer);
  }
}
