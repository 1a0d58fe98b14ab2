import { securityPlugin } from './security-plugin';

export { securityPlugin };
export default securityPlugin;
export {
  securityOptionsSchema,
  type SecurityOptions,
  type CsrfOptions,
  type UserLoader,
} from './security-options';
export { Security, SECURITY, securityOf } from './security-service';
export { login, logout, csrfToken, currentUser, CurrentUser } from './request-security';
export { RateLimit, CsrfExempt, Authenticated } from './security-decorators';
export { SECURITY_METADATA, type RateLimitRule, type AuthenticatedRule } from './security-metadata';
export { PasswordHasher, type PasswordHasherOptions } from './password-hasher';
export { safeRedirectPath } from './safe-redirect';
export { cspNonce } from './security-headers';
export { clientKey } from './client-key';
export { rateLimitFields } from './rate-limiter';
export {
  MemoryRateLimitStore,
  type RateLimitStore,
  type RateLimitHit,
  type MemoryStoreOptions,
} from './rate-limit-store';
export { RedisRateLimitStore, type RedisStoreOptions } from './redis-rate-limit-store';
export { readCsrfToken } from './csrf-guard';
export type { CorsOptions } from './cors';
