export {
  sessionPlugin,
  sessionPlugin as default,
  SESSION_MANAGER,
  SESSION_STORE,
} from './session-plugin';
export { SessionHandle } from './session';
export { Session } from './session-decorator';
export { getSession, peekSession, SESSION_STATE } from './session-accessor';
export { sessionLocals, type SessionLocals } from './session-locals';
export { SessionManager, type SessionClock, type SessionSettings } from './session-manager';
export { sessionOptionsSchema, type SessionConfig, type SessionOptions } from './session-options';
export { SessionErrors } from './session-errors';
export { SessionKeyring } from './session-keyring';
export { createSessionId } from './session-id';
export { ServerSessionStore } from './server-session-store';
export { CookieSessionStore, MAX_COOKIE_BYTES } from './cookie-session-store';
export { MemoryBackend } from './memory-backend';
export { revokedSessionEntity, sessionEntity } from './session-entity-loader';
export { DatabaseBackend } from './database-backend';
export type { SessionEntity } from './session-entity';
export type { RevokedSessionEntity } from './revoked-session-entity';
export { RedisBackend, type RedisBackendOptions } from './redis-backend';
export type {
  SessionBackend,
  SessionRecord,
  SessionStore,
  StoredSession,
  StoreStatusListener,
} from './session-store';
