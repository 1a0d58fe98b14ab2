import { defineErrorCodes } from '@pith/core';

/** The router's own error codes (boot errors name the route and the handler). */
export const RouterErrors = defineErrorCodes({
  ERR_ROUTE_CONFLICT: { status: 500, title: 'Route conflict' },
  ERR_ROUTE_INVALID: { status: 500, title: 'Invalid route' },
  ERR_CONTROLLER_INVALID: { status: 500, title: 'Invalid controller' },
  ERR_CONTROLLER_RESOLVE: { status: 500, title: 'Controller could not be built' },
  ERR_ROUTER_SEALED: { status: 500, title: 'Router already compiled' },
});
