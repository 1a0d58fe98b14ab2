import { createApp, type Application } from '@pith/core';
import router, { Body, Consumes, Controller, Get, Param, Post, Query } from '@pith/router';
import { IsBoolean, IsInt, IsNumber, IsOptional } from 'class-validator';

class Adjust {
  @IsNumber() delta!: number;
  @IsOptional() @IsBoolean() notify?: boolean;
}

class Paging {
  @IsOptional() @IsInt() limit?: number;
  @IsOptional() @IsNumber() ratio?: number;
}

@Controller('/')
class ConversionController {
  @Post('/adjust') @Consumes('json', 'urlencoded') adjust(@Body() input: Adjust) {
    return { ...input };
  }
  @Post('/named') named(@Body('delta') delta: number, @Body('notify') notify: boolean) {
    return { delta, notify };
  }
  @Get('/list') list(@Query() query: Paging) {
    return { ...query };
  }
  @Get('/one') one(@Query('limit') limit: number) {
    return { limit };
  }
  @Get('/items/:id') item(@Param('id') id: number) {
    return { id };
  }
}

const post = (url: string, payload: string, type = 'application/json') => ({
  method: 'POST' as const,
  url,
  headers: { 'content-type': type, accept: 'application/json' },
  payload,
});

describe('strict conversion: only string sources are converted (regression)', () => {
  let app: Application;
  beforeAll(async () => {
    app = createApp({
      logger: { level: 'silent' },
      plugins: { router: [router, { controllers: [ConversionController] }] },
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it.each([
    ['a string for a number', '{"delta":"30"}', 'delta'],
    ['a string for a boolean', '{"delta":1,"notify":"true"}', 'notify'],
    ['"false" for a boolean', '{"delta":1,"notify":"false"}', 'notify'],
  ])('a JSON DTO body with %s is a 422', async (_label, payload, field) => {
    const res = await app.inject(post('/adjust', payload));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });

  it('a JSON body field read with @Body(name) is not converted either', async () => {
    const res = await app.inject(post('/named', '{"delta":"30","notify":true}'));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ field: 'delta', message: 'delta must be a number' }]);
    const flag = await app.inject(post('/named', '{"delta":30,"notify":"true"}'));
    expect(flag.statusCode).toBe(422);
    const ok = await app.inject(post('/named', '{"delta":-1.5,"notify":false}'));
    expect(ok.json()).toEqual({ delta: -1.5, notify: false });
  });

  it('JSON numbers and booleans pass as they are', async () => {
    const res = await app.inject(post('/adjust', '{"delta":30,"notify":false}'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ delta: 30, notify: false });
  });

  it('a urlencoded form is still converted strictly', async () => {
    const type = 'application/x-www-form-urlencoded';
    const res = await app.inject(post('/adjust', 'delta=-30.5&notify=false', type));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ delta: -30.5, notify: false });
    const bad = await app.inject(post('/adjust', 'delta=1e2', type));
    expect(bad.statusCode).toBe(422);
  });

  it('query and path numbers: plain decimals only', async () => {
    expect((await app.inject('/list?limit=25&ratio=-0.5')).json()).toEqual({
      limit: 25,
      ratio: -0.5,
    });
    expect((await app.inject('/one?limit=-7')).json()).toEqual({ limit: -7 });
    expect((await app.inject('/items/42')).json()).toEqual({ id: 42 });
  });

  it.each(['1e2', '+5', '0x10', ' 5', '5 ', '.5', '5.', 'Infinity', '1_000', ''])(
    'refuses the number %p from a query (DTO, named) and a path',
    async (raw) => {
      const q = encodeURIComponent(raw);
      const dto = await app.inject(`/list?limit=${q}`);
      expect([raw, dto.statusCode]).toEqual([raw, 422]);
      expect(dto.json().errors).toEqual([{ field: 'limit', message: 'limit must be a number' }]);
      const one = await app.inject(`/one?limit=${q}`);
      expect([raw, one.statusCode]).toEqual([raw, 422]);
      if (raw !== '') {
        const path = await app.inject(`/items/${q}`);
        expect([raw, path.statusCode]).toEqual([raw, 422]);
      }
    },
  );
});
