import { HttpError, PithError, type FieldError } from '@pith/core';
import type * as ClassValidator from 'class-validator';
import type { ValidationError } from 'class-validator';
import type { Constructor } from '../router-extensions';
import { convertValue, kindOfType, type ValueKind } from './value-conversion';

interface FieldPlan {
  readonly kind: ValueKind;
  readonly nested: DtoPlan | undefined;
}

/** How to build and validate one DTO class, computed once at boot. */
export interface DtoPlan {
  readonly dto: Constructor;
  readonly fields: ReadonlyMap<string, FieldPlan>;
  /** Some rule (here or nested) is an async constraint: validation then returns a promise. */
  isAsync: boolean;
  readonly validator: typeof ClassValidator;
}

/**
 * class-validator (with validator and libphonenumber-js, about 320 modules, a third of the
 * minimal profile's cold start and a good part of its memory) is loaded only once a route takes
 * a DTO; a DTO's own decorators have loaded it by then anyway.
 */
function classValidator(): typeof ClassValidator {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use only
  return require('class-validator') as typeof ClassValidator;
}

const VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
} as const;

/** True when class-validator knows rules for `type`. */
export function isDto(type: unknown): type is Constructor {
  return (
    typeof type === 'function' &&
    classValidator().getMetadataStorage().getTargetValidationMetadatas(type, '', true, false)
      .length > 0
  );
}

const NOT_DTOS = new Set<unknown>([
  Object,
  String,
  Number,
  Boolean,
  Array,
  Date,
  Function,
  Promise,
  Map,
  Set,
  Buffer,
]);

/**
 * True for a user class used as a parameter type: it must then be a DTO (a class without rules
 * is refused by {@link planDto} rather than silently trusted).
 */
export function isDtoType(type: unknown): type is Constructor {
  return typeof type === 'function' && !NOT_DTOS.has(type);
}

/** Reads a DTO's fields and their declared types (nested DTO classes included), once. */
export function planDto(dto: Constructor, seen = new Map<Constructor, DtoPlan>()): DtoPlan {
  const known = seen.get(dto);
  if (known) return known;
  const fields = new Map<string, FieldPlan>();
  const validator = classValidator();
  const plan: DtoPlan = { dto, fields, isAsync: false, validator };
  seen.set(dto, plan);
  const storage = validator.getMetadataStorage();
  const metadata = storage.getTargetValidationMetadatas(dto, '', true, false);
  if (metadata.length === 0)
    throw new PithError(
      'ERR_ROUTE_INVALID',
      `${dto.name} is used as a DTO but has no class-validator rules; add rules, or type the parameter as unknown`,
    );
  for (const { propertyName } of metadata) {
    if (fields.has(propertyName)) continue;
    const type: unknown = Reflect.getMetadata('design:type', dto.prototype as object, propertyName);
    const nested = isDto(type) ? planDto(type, seen) : undefined;
    fields.set(propertyName, { kind: nested ? 'any' : kindOfType(type), nested });
    if (nested?.isAsync) plan.isAsync = true;
  }
  if (
    metadata.some(
      (m) =>
        m.constraintCls &&
        storage.getTargetValidatorConstraints(m.constraintCls).some((c) => c.async),
    )
  )
    plan.isAsync = true;
  return plan;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keys that could reach a prototype: refused with 400 (SECURITY-DEFAULTS), never validated. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function build(
  plan: DtoPlan,
  source: Record<string, unknown>,
  fromStrings: boolean,
  prefix: string,
  errors: Map<string, string>,
): object {
  const instance = new (plan.dto as new () => object)();
  for (const key of Object.keys(source)) {
    if (FORBIDDEN_KEYS.has(key))
      throw new HttpError('ERR_BAD_REQUEST', {
        detail: `The input contains a forbidden "${key}" key.`,
      });
    const field = plan.fields.get(key);
    const path = prefix + key;
    // Unknown keys are reported here, never set on the instance: a key such as "hasOwnProperty"
    // would shadow the prototype member class-validator's whitelist check relies on.
    if (!field) {
      errors.set(path, `property ${path} should not exist`);
      continue;
    }
    let value = source[key];
    if (field.nested && isPlainObject(value)) {
      value = build(field.nested, value, fromStrings, `${path}.`, errors);
    } else {
      const converted = convertValue(value, field.kind, path, fromStrings);
      if (converted.error) errors.set(path, converted.error);
      value = converted.value;
    }
    Object.defineProperty(instance, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return instance;
}

function flatten(list: readonly ValidationError[], prefix: string, out: FieldError[]): void {
  for (const error of list) {
    const field = prefix + error.property;
    for (const message of Object.values(error.constraints ?? {})) out.push({ field, message });
    if (error.children?.length) flatten(error.children, `${field}.`, out);
  }
}

function conclude(
  instance: object,
  reported: readonly ValidationError[],
  conversion: ReadonlyMap<string, string>,
  what: string,
): object {
  const flat: FieldError[] = [];
  flatten(reported, '', flat);
  // A value that could not be converted gets its own message instead of the rules it then breaks.
  const errors = flat.filter((e) => !conversion.has(e.field));
  for (const [field, message] of conversion) errors.push({ field, message });
  if (errors.length > 0) {
    throw new HttpError('ERR_VALIDATION', {
      detail: `The request ${what} is invalid: ${errors.map((e) => e.field).join(', ')}.`,
      errors,
    });
  }
  return instance;
}

/**
 * Builds a DTO instance from request input with strict conversion and validates it; 422 lists
 * every failing field. `what` names the input in messages (`body`, `query`). Synchronous unless
 * the DTO has async constraints.
 */
export function toDto(
  plan: DtoPlan,
  input: unknown,
  fromStrings: boolean,
  what: string,
): object | Promise<object> {
  if (!isPlainObject(input)) {
    throw new HttpError('ERR_BAD_REQUEST', {
      detail:
        input === undefined
          ? `The request ${what} is missing; expected an object for ${plan.dto.name}.`
          : `The request ${what} must be an object for ${plan.dto.name}.`,
    });
  }
  const conversion = new Map<string, string>();
  const instance = build(plan, input, fromStrings, '', conversion);
  if (plan.isAsync) {
    return plan.validator
      .validate(instance, VALIDATOR_OPTIONS)
      .then((reported) => conclude(instance, reported, conversion, what));
  }
  const reported = plan.validator.validateSync(instance, VALIDATOR_OPTIONS);
  return conclude(instance, reported, conversion, what);
}
