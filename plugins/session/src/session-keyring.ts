import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

interface DerivedKey {
  readonly sign: Buffer;
  readonly encrypt: Buffer;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

function derive(secret: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), 'pith-session', info, 32));
}

/**
 * The session secrets as keys: the first one signs and encrypts, every one verifies and
 * decrypts, so a new secret can go first while cookies made with the old one keep working.
 */
export class SessionKeyring {
  private readonly keys: readonly DerivedKey[];

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new TypeError('a session keyring needs at least one secret');
    // Separate keys per purpose: a MAC key is never also an encryption key.
    this.keys = secrets.map((s) => ({
      sign: derive(s, 'pith-session-id-mac'),
      encrypt: derive(s, 'pith-session-aes-256-gcm'),
    }));
  }

  /** `id.mac` with the first key. */
  sign(id: string): string {
    return `${id}.${mac(this.keys[0].sign, id)}`;
  }

  /** The id of a value made by {@link sign} with any key, or undefined when it was forged. */
  unsign(value: string): string | undefined {
    const dot = value.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const id = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1), 'base64url');
    for (const key of this.keys) {
      const expected = Buffer.from(mac(key.sign, id), 'base64url');
      if (given.length === expected.length && timingSafeEqual(given, expected)) return id;
    }
    return undefined;
  }

  /** AES-256-GCM with the first key; `aad` binds the token to its context (the cookie name). */
  seal(plaintext: string, aad: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0].encrypt, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
  }

  /** The plaintext of a sealed token under any key, or undefined when it fails authentication. */
  open(token: string, aad: string): string | undefined {
    if (!token.startsWith(`${VERSION}.`)) return undefined;
    const raw = Buffer.from(token.slice(VERSION.length + 1), 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) return undefined;
    const iv = raw.subarray(0, IV_BYTES);
    const tag = raw.subarray(raw.length - TAG_BYTES);
    const body = raw.subarray(IV_BYTES, raw.length - TAG_BYTES);
    for (const key of this.keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key.encrypt, iv, {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        // Wrong key or tampered token: try the next key.
      }
    }
    return undefined;
  }
}

function mac(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('base64url');
}
