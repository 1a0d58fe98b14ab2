import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;

/**
 * Bytes from the CSPRNG, drawn in 4 KiB refills instead of one call per token: a CSP nonce and a
 * CSRF mask per page cost two `randomBytes` calls otherwise (Node's randomUUID buffers the same
 * way). Every byte is handed out once; one pool per app.
 */
export class RandomPool {
  private readonly pool = Buffer.allocUnsafe(POOL_BYTES);
  private offset = POOL_BYTES;

  /** `n` fresh random bytes written into `target` at `at`. */
  fill(target: Buffer, at: number, n: number): void {
    if (n > POOL_BYTES) {
      randomFillSync(target, at, n);
      return;
    }
    const start = this.reserve(n);
    this.pool.copy(target, at, start, start + n);
  }

  /** `n` fresh random bytes as a string in `encoding`. */
  string(n: number, encoding: BufferEncoding): string {
    if (n > POOL_BYTES) return randomFillSync(Buffer.allocUnsafe(n)).toString(encoding);
    const start = this.reserve(n);
    return this.pool.toString(encoding, start, start + n);
  }

  private reserve(n: number): number {
    if (this.offset + n > POOL_BYTES) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const start = this.offset;
    this.offset += n;
    return start;
  }
}
