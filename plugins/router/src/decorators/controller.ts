import { injectable } from '@pith/core';
import { updateControllerRecord, updateMethodRecord } from '../metadata/route-metadata';
import type { Constructor } from '../router-extensions';

/**
 * Marks a class as a controller whose routes live under `prefix`. Also makes it injectable, so
 * its constructor dependencies come from the app's container.
 *
 * @example
 * @Controller('/appointments')
 * class AppointmentsController {
 *   constructor(private readonly appointments: AppointmentsService) {}
 *   @Get('/:id') show(@Param('id') id: string) { return this.appointments.find(id); }
 * }
 */
export function Controller(prefix = '/'): ClassDecorator {
  return (target) => {
    updateControllerRecord(target as unknown as Constructor, () => ({ prefix }));
    injectable()(target as unknown as new (...args: unknown[]) => unknown);
  };
}

function route(method: string) {
  return (path = '/'): MethodDecorator =>
    (target, propertyKey) => {
      updateMethodRecord(target, propertyKey, (r) => ({ routes: [...r.routes, { method, path }] }));
    };
}

/** Routes `GET path` (and `HEAD path`, unless a `@Head` route claims it) to the method. */
export const Get = route('GET');
/** Routes `POST path` to the method. */
export const Post = route('POST');
/** Routes `PUT path` to the method. */
export const Put = route('PUT');
/** Routes `PATCH path` to the method. */
export const Patch = route('PATCH');
/** Routes `DELETE path` to the method. */
export const Delete = route('DELETE');
/** Routes `HEAD path` to the method. */
export const Head = route('HEAD');
/** Routes `OPTIONS path` to the method. */
export const Options = route('OPTIONS');
/** Routes every method on `path` to the method. */
export const All = route('ALL');
