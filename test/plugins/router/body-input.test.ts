import { gzipSync } from 'node:zlib';
import { createApp, type Application } from '@pith/core';
import router, {
  Body,
  Consumes,
  Controller,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Get,
} from '@pith/router';
import {
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';

class Address {
  @IsString() city!: string;
}

class CreateUser {
  @IsString() @MinLength(2) name!: string;
  @IsInt() @Min(0) @Max(150) age!: number;
  @IsOptional() @IsBoolean() admin?: boolean;
  @IsOptional() @ValidateNested() address?: Address;
}

class ListQuery {
  @IsOptional() @IsInt() @Min(1) page?: number;
  @IsOptional() @IsBoolean() archived?: boolean;
  @IsOptional() @IsString() q?: string;
}

@Controller('/users')
class UsersController {
  @Post('/') @HttpCode(201) create(@Body() input: CreateUser) {
    return { type: input.constructor.name, ...input };
  }
  @Post('/raw') raw(@Body() input: unknown) {
    return { input };
  }
  @Put('/form') @Consumes('urlencoded') form(@Body() input: CreateUser) {
    return { ...input };
  }
  @Post('/text') @Consumes('text') text(@Body() input: string) {
    return { text: input };
  }
  @Post('/mixed') @Consumes('json', 'urlencoded') mixed(@Body() input: unknown) {
    return { input };
  }
  @Get('/') list(@Query() query: ListQuery) {
    return { ...query };
  }
  @Get('/page') page(
    @Query('page') page: number,
    @Query('flag') flag: boolean,
    @Query('q') q: string,
  ) {
    return { page, flag, q };
  }
}

const json = (payload: unknown, extra: Record<string, string> = {}) => ({
  method: 'POST' as const,
  url: '/users',
  headers: { 'content-type': 'application/json', accept: 'application/json', ...extra },
  payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
});

describe('router input', () => {
  let app: Application;
  beforeAll(async () => {
    app = createApp({
      plugins: { router: [router, { controllers: [UsersController], bodyLimit: { json: 200 } }] },
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it('validates a JSON DTO and builds an instance', async () => {
    const res = await app.inject(json({ name: 'Ada', age: 36, address: { city: 'London' } }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      type: 'CreateUser',
      name: 'Ada',
      age: 36,
      address: { city: 'London' },
    });
  });

  it('never converts a JSON string to a number: {"age":"36"} is a 422 (JSON has real numbers)', async () => {
    const res = await app.inject(json({ name: 'Ada', age: '36' }));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ field: 'age', message: 'age must be a number' }]);
    const bad = await app.inject(json({ name: 'Ada', age: 'abc' }));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'age' })]);
  });

  it('answers 422 listing every failing field, nested included', async () => {
    const res = await app.inject(json({ name: 'A', age: 200, address: { city: 5 }, extra: 1 }));
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('ERR_VALIDATION');
    const fields = body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'age', 'address.city', 'extra']));
    expect(body.errors.find((e: { field: string }) => e.field === 'extra').message).toMatch(
      /should not exist/,
    );
  });

  it('never turns an object into a string', async () => {
    const res = await app.inject(json({ name: { toString: 'x' }, age: 3 }));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('name');
  });

  it('refuses a body that is not an object for a DTO', async () => {
    for (const payload of ['[1,2]', '"text"', '42', 'null']) {
      const res = await app.inject(json(payload));
      expect([payload, res.statusCode]).toEqual([payload, 400]);
      expect(res.json().detail).toMatch(/must be an object/);
    }
  });

  it('answers 400 for JSON syntax errors', async () => {
    const res = await app.inject(json('{"name": '));
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/not valid JSON/);
  });

  it.each([
    '{"__proto__": {"admin": true}, "name": "Ada", "age": 3}',
    '{"constructor": {"prototype": {"admin": true}}, "name": "Ada", "age": 3}',
  ])('refuses prototype poisoning %s with 400', async (payload) => {
    const res = await app.inject({ ...json(payload), url: '/users/raw' });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/forbidden/);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it.each([
    ['text/plain', 415],
    ['application/x-www-form-urlencoded', 415],
    ['application/vnd.api+json', 415],
    ['application/json; charset=latin1', 415],
    ['APPLICATION/JSON; Charset=UTF-8', 200],
    ['nonsense', 415],
  ])('a JSON route given %s answers %d', async (type, status) => {
    const res = await app.inject({
      ...json({ a: 1 }, { 'content-type': type }),
      url: '/users/raw',
    });
    expect(res.statusCode).toBe(status);
    if (status === 415) expect(res.json().code).toBe('ERR_UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a body without Content-Type with 415', async () => {
    const res = await app.inject({ method: 'POST', url: '/users/raw', payload: Buffer.from('{}') });
    expect(res.statusCode).toBe(415);
  });

  it('answers 413 for a declared Content-Length over the limit before reading', async () => {
    const res = await app.inject({ ...json({ big: 'x'.repeat(300) }), url: '/users/raw' });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('ERR_PAYLOAD_TOO_LARGE');
  });

  it('counts decoded bytes: a small gzip body inflating past the limit is 413', async () => {
    const payload = gzipSync(JSON.stringify({ big: 'x'.repeat(5000) }));
    expect(payload.length).toBeLessThan(200);
    const res = await app.inject({
      ...json('', { 'content-encoding': 'gzip' }),
      url: '/users/raw',
      payload,
    });
    expect(res.statusCode).toBe(413);
    const small = await app.inject({
      ...json('', { 'content-encoding': 'gzip' }),
      url: '/users/raw',
      payload: gzipSync('{"a":1}'),
    });
    expect(small.json()).toEqual({ input: { a: 1 } });
  });

  it('refuses an unsupported Content-Encoding with 415', async () => {
    const res = await app.inject({
      ...json({ a: 1 }, { 'content-encoding': 'compress' }),
      url: '/users/raw',
    });
    expect(res.statusCode).toBe(415);
  });

  it('parses urlencoded forms with strict conversion', async () => {
    const res = await app.inject({
      method: 'PUT',
      url: '/users/form',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=Ada&age=36&admin=false',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ name: 'Ada', age: 36, admin: false });
  });

  describe('DTO keys named after Object.prototype members', () => {
    const form = (payload: string) =>
      app.inject({
        method: 'PUT',
        url: '/users/form',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        payload,
      });
    const query = (qs: string) =>
      app.inject({ url: `/users?${qs}`, headers: { accept: 'application/json' } });
    const sources = {
      query: (key: string) => query(`${key}=1&page=2`),
      json: (key: string) => app.inject(json({ [key]: 1, name: 'Ada', age: 3 })),
      form: (key: string) => form(`${key}=1&name=Ada&age=3`),
    };

    it.each(['constructor', 'prototype'])(
      'refuses a "%s" key with 400 in every source',
      async (key) => {
        for (const [source, send] of Object.entries(sources)) {
          const res = await send(key);
          expect([source, res.statusCode]).toEqual([source, 400]);
          expect(res.json().detail).toContain(`forbidden "${key}" key`);
        }
      },
    );

    it.each(['toString', 'hasOwnProperty', '__defineGetter__', 'valueOf', 'isPrototypeOf'])(
      'lists an unknown "%s" key in a 422 with a message in every source',
      async (key) => {
        for (const [source, send] of Object.entries(sources)) {
          const res = await send(key);
          expect([source, res.statusCode]).toEqual([source, 422]);
          expect(res.json().errors).toEqual([
            { field: key, message: `property ${key} should not exist` },
          ]);
        }
      },
    );
  });

  it('refuses __proto__ keys and repeated scalar keys in forms', async () => {
    const form = (payload: string) =>
      app.inject({
        method: 'PUT',
        url: '/users/form',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload,
      });
    expect((await form('__proto__=x&name=Ada&age=3')).statusCode).toBe(400);
    expect((await form('name=Ada&name=Bob&age=3')).statusCode).toBe(400);
    expect((await form('name=Ada&age=3&admin=yes')).statusCode).toBe(422);
  });

  it('a form route refuses JSON and a JSON route refuses forms', async () => {
    const res = await app.inject({
      ...json({ name: 'Ada', age: 3 }),
      method: 'PUT',
      url: '/users/form',
    });
    expect(res.statusCode).toBe(415);
  });

  it('parses text bodies', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/users/text',
      headers: { 'content-type': 'text/plain' },
      payload: 'héllo',
    });
    expect(res.json()).toEqual({ text: 'héllo' });
  });

  it('takes both kinds when a route consumes both', async () => {
    const a = await app.inject({ ...json({ a: 1 }), url: '/users/mixed' });
    const b = await app.inject({
      method: 'POST',
      url: '/users/mixed',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a=1',
    });
    expect(a.json()).toEqual({ input: { a: 1 } });
    expect(b.json()).toEqual({ input: { a: '1' } });
  });

  it('converts query DTOs strictly; "false" stays false', async () => {
    expect((await app.inject('/users?page=2&archived=false&q=x')).json()).toEqual({
      page: 2,
      archived: false,
      q: 'x',
    });
    expect((await app.inject('/users?archived=true')).json()).toEqual({ archived: true });
    const bad = await app.inject('/users?page=abc&archived=maybe');
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['archived', 'page']);
    expect((await app.inject('/users?unknown=1')).statusCode).toBe(422);
  });

  it('answers 400 when a scalar query field gets several values', async () => {
    expect((await app.inject('/users?page=1&page=2')).statusCode).toBe(400);
    expect((await app.inject('/users/page?q=a&q=b')).statusCode).toBe(400);
  });

  it('converts named query values by their declared type', async () => {
    expect((await app.inject('/users/page?page=3&flag=false&q=12')).json()).toEqual({
      page: 3,
      flag: false,
      q: '12',
    });
    const bad = await app.inject('/users/page?page=x');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([{ field: 'page', message: 'page must be a number' }]);
  });
});

class Tagged {
  @IsArray() @IsString({ each: true }) tags!: string[];
}

@Controller('/tags')
class TagsController {
  @Post('/') create(@Body() input: Tagged) {
    return { ...input };
  }
  @Get('/') list(@Query() query: Tagged) {
    return { ...query };
  }
}

describe('router input arrays', () => {
  const app = createApp({ plugins: { router: [router, { controllers: [TagsController] }] } });
  afterAll(() => app.close());

  it('wraps a single query value for an array field', async () => {
    expect((await app.inject('/tags?tags=a')).json()).toEqual({ tags: ['a'] });
    expect((await app.inject('/tags?tags=a&tags=b')).json()).toEqual({ tags: ['a', 'b'] });
  });

  it('never wraps a JSON scalar into an array', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/tags',
      headers: { 'content-type': 'application/json' },
      payload: { tags: 'a' },
    });
    expect(res.statusCode).toBe(422);
  });
});

@ValidatorConstraint({ async: true })
class NotTaken implements ValidatorConstraintInterface {
  async validate(value: unknown) {
    await Promise.resolve();
    return value !== 'taken';
  }
  defaultMessage() {
    return 'name is already taken';
  }
}

class Signup {
  @IsString() @Validate(NotTaken) name!: string;
}

@Controller('/signup')
class SignupController {
  @Post('/') create(@Body() input: Signup) {
    return { ...input };
  }
}

describe('router async validation', () => {
  const app = createApp({ plugins: { router: [router, { controllers: [SignupController] }] } });
  afterAll(() => app.close());
  const post = (name: string) =>
    app.inject({
      method: 'POST',
      url: '/signup',
      headers: { 'content-type': 'application/json' },
      payload: { name },
    });

  it('runs async constraints', async () => {
    expect((await post('free')).json()).toEqual({ name: 'free' });
    const res = await post('taken');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ field: 'name', message: 'name is already taken' }]);
  });
});

class IdParams {
  @IsInt() @Min(1) id!: number;
}

@Controller('/by')
class ByIdController {
  @Get('/:id') show(@Param() params: IdParams) {
    return { id: params.id, type: typeof params.id };
  }
}

describe('router param DTOs', () => {
  const app = createApp({ plugins: { router: [router, { controllers: [ByIdController] }] } });
  afterAll(() => app.close());

  it('converts and validates path parameters', async () => {
    expect((await app.inject('/by/12')).json()).toEqual({ id: 12, type: 'number' });
    const bad = await app.inject('/by/abc');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([{ field: 'id', message: 'id must be a number' }]);
    expect((await app.inject('/by/0')).statusCode).toBe(422);
  });
});
