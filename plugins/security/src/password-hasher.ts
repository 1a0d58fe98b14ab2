import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt cost parameters; `log2N` 15 (N = 32768), r 8, p 1 by default. */
export interface PasswordHasherOptions {
  readonly log2N?: number;
  readonly r?: number;
  readonly p?: number;
}

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
// Long inputs cost nothing extra in scrypt, but a cap stops megabyte "passwords" tying up parsing.
const MAX_PASSWORD_BYTES = 4096;
const FORMAT =
  /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function derive(
  password: string,
  salt: Buffer,
  length: number,
  log2N: number,
  r: number,
  p: number,
): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** log2N, r, p, maxmem: 256 * 2 ** log2N * r * p };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

function b64(buffer: Buffer): string {
  return buffer.toString('base64').replace(/=+$/, '');
}

/**
 * Hashes and verifies passwords with scrypt from node:crypto. A hash is self-describing
 * (`$scrypt$ln=15,r=8,p=1$salt$key`), so costs can rise without breaking stored hashes.
 *
 * @example
 * const hash = await hasher.hash('correct horse');
 * if (await hasher.verify(user?.passwordHash, given)) await login(ctx, user);
 */
export class PasswordHasher {
  private readonly log2N: number;
  private readonly r: number;
  private readonly p: number;
  // Random salt and key: no password matches it, and making it costs no scrypt run, so even the
  // first unknown-user check takes as long as a real one.
  private readonly dummy: string;

  constructor(options: PasswordHasherOptions = {}) {
    this.log2N = options.log2N ?? 15;
    this.r = options.r ?? 8;
    this.p = options.p ?? 1;
    if (this.log2N < 1 || this.log2N > 20 || this.r < 1 || this.p < 1)
      throw new RangeError(
        `scrypt costs out of range: log2N ${this.log2N}, r ${this.r}, p ${this.p}`,
      );
    const params = `ln=${this.log2N},r=${this.r},p=${this.p}`;
    this.dummy = `$scrypt$${params}$${b64(randomBytes(SALT_LENGTH))}$${b64(randomBytes(KEY_LENGTH))}`;
  }

  /** A new salted hash of `password`. */
  async hash(password: string): Promise<string> {
    checkPassword(password);
    const salt = randomBytes(SALT_LENGTH);
    const key = await derive(password, salt, KEY_LENGTH, this.log2N, this.r, this.p);
    return `$scrypt$ln=${this.log2N},r=${this.r},p=${this.p}$${b64(salt)}$${b64(key)}`;
  }

  /**
   * Whether `password` matches `hash`, compared in constant time. Pass `undefined` for an unknown
   * user: a dummy hash is checked so the response time does not reveal which accounts exist.
   */
  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    if (typeof password !== 'string' || Buffer.byteLength(password) > MAX_PASSWORD_BYTES)
      return false;
    const stored = typeof hash === 'string' ? hash : undefined;
    const parsed = FORMAT.exec(stored ?? this.dummy);
    if (!parsed) {
      await this.verify(undefined, password);
      return false;
    }
    const [, ln, r, p, salt, key] = parsed as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const expected = Buffer.from(key, 'base64');
    const actual = await derive(
      password,
      Buffer.from(salt, 'base64'),
      expected.length,
      Number(ln),
      Number(r),
      Number(p),
    );
    return timingSafeEqual(actual, expected) && stored !== undefined;
  }

  /** Whether a stored hash was made with weaker costs than the current ones (rehash on login). */
  needsRehash(hash: string): boolean {
    const parsed = FORMAT.exec(hash);
    return (
      !parsed ||
      Number(parsed[1]) < this.log2N ||
      Number(parsed[2]) < this.r ||
      Number(parsed[3]) < this.p
    );
  }
}

function checkPassword(password: string): void {
  if (typeof password !== 'string' || password.length === 0)
    throw new TypeError('password must be a non-empty string');
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES)
    throw new RangeError(`password is longer than ${MAX_PASSWORD_BYTES} bytes`);
}
