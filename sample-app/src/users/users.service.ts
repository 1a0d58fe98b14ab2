import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { inject, injectable } from '@pith/core';
import { ENTITY_MANAGER } from '@pith/orm';
import { SECURITY, type Security } from '@pith/security';
import { User } from './user.entity';

/** What `ensureAdmin` did, for the boot banner. */
export type AdminOutcome =
  | { readonly action: 'created'; readonly username: string; readonly generatedPassword?: string }
  | { readonly action: 'updated' | 'kept'; readonly username: string };

/** Users and their passwords (hashed by the security plugin). */
@injectable()
export class UsersService {
  constructor(
    @inject(ENTITY_MANAGER) private readonly em: EntityManager,
    @inject(SECURITY) private readonly security: Security,
  ) {}

  async findById(id: string): Promise<User | null> {
    return this.em.findOne(User, { id });
  }

  /**
   * The user with these credentials, or undefined; an unknown user costs the same hashing work
   * as a wrong password, so timing tells nothing.
   */
  async verify(username: string, password: string): Promise<User | undefined> {
    const user = username ? await this.em.findOne(User, { username }) : null;
    const ok = await this.security.passwords.verify(user?.passwordHash, password);
    return ok && user ? user : undefined;
  }

  /**
   * Makes sure the admin exists: created from `password`, or with a generated one (returned once
   * so it can be printed); an existing admin takes a changed `password`.
   */
  async ensureAdmin(
    username: string,
    password: string | undefined,
    now: Date,
  ): Promise<AdminOutcome> {
    const existing = await this.em.findOne(User, { username });
    if (existing) {
      if (!password || (await this.security.passwords.verify(existing.passwordHash, password)))
        return { action: 'kept', username };
      existing.passwordHash = await this.security.passwords.hash(password);
      await this.em.flush();
      return { action: 'updated', username };
    }
    const generated = password ? undefined : randomBytes(12).toString('base64url');
    this.em.create(User, {
      username,
      passwordHash: await this.security.passwords.hash(password ?? generated!),
      createdAt: now,
    });
    try {
      await this.em.flush();
    } catch (error) {
      // Several processes booting at once: one creates the admin, the others find it.
      this.em.clear();
      if (await this.em.findOne(User, { username })) return { action: 'kept', username };
      throw error;
    }
    return generated
      ? { action: 'created', username, generatedPassword: generated }
      : { action: 'created', username };
  }
}
