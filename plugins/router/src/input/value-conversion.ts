import { HttpError } from '@pith/core';

/** The declared type of a field or parameter, reduced to what conversion needs. */
export type ValueKind = 'string' | 'number' | 'boolean' | 'date' | 'array' | 'any';

/** Plain decimal notation only: no exponent, no '+', no spaces, no hex (`Number()` takes them all). */
const NUMBER = /^-?\d+(\.\d+)?$/;

/** The kind of a `design:type` / `design:paramtypes` entry. */
export function kindOfType(type: unknown): ValueKind {
  if (type === String) return 'string';
  if (type === Number) return 'number';
  if (type === Boolean) return 'boolean';
  if (type === Date) return 'date';
  if (type === Array) return 'array';
  return 'any';
}

/** Result of converting one value: the value, or a field message. */
export type Converted = { readonly value: unknown; readonly error?: string };

/**
 * Strict conversion from request strings to a declared type: `"12"` → 12 only for numbers,
 * `"true"`/`"false"` only for booleans, never an object to a string. A scalar given several
 * values (a repeated query key) is the client's mistake: 400. Only sources made of strings
 * (`fromStrings`: query, path, forms) are converted; in JSON a string for a number or a boolean
 * is a type error.
 */
export function convertValue(
  value: unknown,
  kind: ValueKind,
  field: string,
  fromStrings: boolean,
): Converted {
  if (kind === 'array') return { value: Array.isArray(value) || !fromStrings ? value : [value] };
  if (Array.isArray(value) && fromStrings && kind !== 'any') {
    throw new HttpError('ERR_BAD_REQUEST', {
      detail: `"${field}" takes one value; the request sent ${value.length}.`,
    });
  }
  if (typeof value !== 'string') return { value };
  switch (kind) {
    case 'number':
      return fromStrings && NUMBER.test(value)
        ? { value: Number(value) }
        : { value, error: `${field} must be a number` };
    case 'boolean':
      if (!fromStrings) return { value, error: `${field} must be true or false` };
      if (value === 'true') return { value: true };
      if (value === 'false') return { value: false };
      return { value, error: `${field} must be true or false` };
    case 'date': {
      const date = new Date(value);
      return Number.isNaN(date.getTime())
        ? { value, error: `${field} must be a date` }
        : { value: date };
    }
    default:
      return { value };
  }
}
