/** Keys of the security plugin's per-request values in `ctx.state`. */
export const SECURITY_STATE = Object.freeze({
  nonce: Symbol('pith.security.nonce'),
  service: Symbol('pith.security.service'),
  user: Symbol('pith.security.user'),
});
