import 'reflect-metadata';

export { Application, createApp, type PluginReport } from './application';
export {
  defineConfig,
  type AppConfig,
  type PluginEntry,
  type ResolvedConfig,
} from './config/app-config';
export {
  s,
  formatIssues,
  type Schema,
  type Infer,
  type Issue,
  type ObjectSchema,
} from './config/options-schema';
export {
  createToken,
  resolveToken,
  APP,
  CONFIG,
  LOGGER,
  READINESS,
  type Token,
} from './container/tokens';
export { CoreErrors, defineErrorCodes, type ErrorCodeSpec } from './errors/error-codes';
export {
  HttpError,
  PithError,
  isHttpError,
  type FieldError,
  type HttpErrorOptions,
} from './errors/http-error';
export {
  HOOK_PHASES,
  runHooks,
  type HookMap,
  type HookPhase,
  type RequestHook,
  type ErrorHook,
} from './http/hooks';
export { negotiate, parseAccept, parseMediaType, type MediaType } from './http/media-type';
export {
  escapeMarkup,
  toProblem,
  type ErrorMapper,
  type ErrorRenderer,
  type Problem,
} from './http/error-responder';
export { Reply, type Payload } from './http/reply';
export {
  RequestContext,
  currentRequest,
  runInRequestContext,
  REQUEST_CONTEXT,
  type RequestContextAccessor,
  type RouteInfo,
} from './http/request-context';
export { Readiness, type ReadinessReport } from './lifecycle/readiness';
export {
  definePlugin,
  isPlugin,
  type CommandSpec,
  type Dispatcher,
  type Plugin,
  type PluginContext,
  type Provider,
  type ReadinessCheck,
} from './plugin/plugin';
export { BUILTIN_PLUGINS } from './plugin/plugin-resolver';
export type { InjectOptions, Response as InjectResponse } from 'light-my-request';
export { injectable, inject, type DependencyContainer } from 'tsyringe';
export type { Logger } from 'pino';
