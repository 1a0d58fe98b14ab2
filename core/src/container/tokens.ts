import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';

/** A typed DI token: a unique symbol that remembers the type it resolves to. */
export type Token<T> = symbol & { readonly __pithToken?: T };

/** Creates a token; `description` names it in errors and `pith plugins`. */
export function createToken<T>(description: string): Token<T> {
  return Symbol(description);
}

/** Resolves a typed token from a container. */
export function resolveToken<T>(container: DependencyContainer, token: Token<T>): T {
  return container.resolve<T>(token);
}

/** The app's configuration, frozen after boot. */
export const CONFIG = createToken<import('../config/app-config').ResolvedConfig>('pith:config');
/** The app's root logger. */
export const LOGGER = createToken<Logger>('pith:logger');
/** The application itself. */
export const APP = createToken<import('../application').Application>('pith:application');
/** The readiness registry, for plugins that report checks at runtime. */
export const READINESS = createToken<import('../lifecycle/readiness').Readiness>('pith:readiness');
