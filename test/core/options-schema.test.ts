import { formatIssues, s, type Issue, type Schema } from '@pith/core';

function check<T>(schema: Schema<T>, value: unknown): { value: T; issues: Issue[] } {
  const issues: Issue[] = [];
  return { value: schema.check(value, 'opt', issues), issues };
}

describe('options schema', () => {
  it('reports a missing required value, fills defaults, accepts an absent optional one', () => {
    expect(check(s.string(), undefined).issues).toEqual([
      { path: 'opt', problem: 'is missing', expected: 'a string' },
    ]);
    expect(check(s.number().default(3), undefined).value).toBe(3);
    expect(check(s.boolean().optional(), undefined)).toEqual({ value: undefined, issues: [] });
  });

  it('never coerces: "false" is not a boolean and "3" is not a number', () => {
    expect(check(s.boolean(), 'false').issues[0]).toMatchObject({ problem: 'got "false"' });
    expect(check(s.number(), '3').issues[0]).toMatchObject({ problem: 'got "3"' });
  });

  it('coerces environment strings by the schema type only', () => {
    expect(s.number().fromEnv('42')).toBe(42);
    expect(s.number().fromEnv('4x')).toBe('4x');
    expect(s.boolean().fromEnv('yes')).toBe(true);
    expect(s.boolean().fromEnv('0')).toBe(false);
    expect(s.boolean().fromEnv('maybe')).toBe('maybe');
    expect(s.array(s.string()).fromEnv('["a","b"]')).toEqual(['a', 'b']);
    expect(s.string().fromEnv('007')).toBe('007');
    const portOrPath = s.union('a port or a path', s.number({ integer: true }), s.string());
    expect(portOrPath.fromEnv('8080')).toBe(8080);
    expect(portOrPath.fromEnv('/tmp/app.sock')).toBe('/tmp/app.sock');
  });

  it('checks arrays, records, enums, literals, unions and custom values with paths', () => {
    const schema = s.object({
      list: s.array(s.number({ min: 1 }), { minItems: 1 }),
      map: s.record(s.enum('a', 'b')),
      kind: s.literal('redis'),
      port: s.union('a port number or a socket path', s.number({ integer: true }), s.string()),
      ctor: s.custom<new () => unknown>('a class', (v) => typeof v === 'function'),
    });
    const { issues } = check(schema, {
      list: [1, 0],
      map: { x: 'a', y: 'c' },
      kind: 'memory',
      port: true,
      ctor: {},
    });
    expect(formatIssues(issues).split('\n')).toEqual([
      '  - opt.list[1] got 0; expected a number >= 1',
      '  - opt.map.y got "c"; expected one of "a", "b"',
      '  - opt.kind got "memory"; expected "redis"',
      '  - opt.port got true; expected a port number or a socket path',
      '  - opt.ctor got an object; expected a class',
    ]);
  });

  it('keeps an object schema navigable after .default() and .optional()', () => {
    const inner = s.object({ max: s.number().default(4) });
    expect((inner.default({}) as unknown as { shape: unknown }).shape).toBe(inner.shape);
    expect((inner.optional() as unknown as { shape: unknown }).shape).toBe(inner.shape);
  });

  it('gives a record a null prototype, so "__proto__" stays a plain key', () => {
    const { value } = check(s.record(s.string()), JSON.parse('{"__proto__":"x"}'));
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect(value.__proto__).toBe('x');
  });
});
