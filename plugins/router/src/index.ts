import { router } from './router-plugin';

export { router };
export default router;
export {
  ROUTER,
  type Constructor,
  type Responder,
  type ResponderFactory,
  type RouteDefinition,
  type RouteHookFactory,
  type RouteHooks,
  type RouterExtensions,
} from './router-extensions';
export {
  Controller,
  Get,
  Post,
  Put,
  Patch,
  Delete,
  Head,
  Options,
  All,
} from './decorators/controller';
export {
  Param,
  Query,
  Body,
  Headers,
  Ip,
  Req,
  Res,
  Ctx,
  createParamDecorator,
} from './decorators/param-decorators';
export {
  HttpCode,
  Header,
  Redirect,
  Use,
  UseGuards,
  UseInterceptors,
  Consumes,
  SetMetadata,
} from './decorators/route-decorators';
export type { BodyKind, Guard, Interceptor, ParamFactory } from './metadata/route-metadata';
export { RouterErrors } from './router-errors';
export { routerOptions, type RouterOptions } from './router-options';
