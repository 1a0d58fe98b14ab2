import { s, type Infer } from '@pith/core';
import { isController } from './metadata/route-metadata';

const bodyKind = s.enum('json', 'urlencoded', 'text');

/** The router's options, validated at boot. */
export const routerOptions = s.object({
  /** Controller classes (decorated with `@Controller`). */
  controllers: s
    .array(s.custom<new (...args: never[]) => unknown>('a @Controller class', isController))
    .default([]),
  /** A path prefix for every route, e.g. `/api`. */
  prefix: s.string({ pattern: /^(\/[^\s?#]*)?$/ }).default(''),
  /** Body limits in decoded bytes. */
  bodyLimit: s
    .object({
      json: s.number({ integer: true, min: 0 }).default(1024 * 1024),
      urlencoded: s.number({ integer: true, min: 0 }).default(100 * 1024),
      text: s.number({ integer: true, min: 0 }).default(100 * 1024),
    })
    .default({}),
  /** Also accept `application/*+json` bodies on JSON routes. */
  allowJsonSuffix: s.boolean().default(false),
  /** What a route with `@Body()` takes when it has no `@Consumes`. */
  consumes: s.array(bodyKind, { minItems: 1 }).default(['json']),
  /** Longest route parameter, in characters (longer → 404). */
  maxParamLength: s.number({ integer: true, min: 1 }).default(100),
  /** Deepest JSON nesting accepted in a body. */
  maxJsonDepth: s.number({ integer: true, min: 1 }).default(64),
  /** `/a/` matches `/a`. */
  ignoreTrailingSlash: s.boolean().default(false),
  /** Distinct `Accept` headers remembered per representation set. */
  negotiationCacheSize: s.number({ integer: true, min: 0 }).default(256),
});

/** Resolved router options. */
export type RouterOptions = Infer<typeof routerOptions>;
