import { HttpError, type RequestContext } from '@pith/core';
import { defineListQuery } from '@pith/orm';
import { Body, Controller, Ctx, Delete, Get, Param, Post, Query } from '@pith/router';
import { Render } from '@pith/views';
import { IsBoolean, IsInt, IsString, MaxLength, Min } from 'class-validator';
import type { TestData } from './security-app';

/** A DTO with every kind of field the validation row attacks. */
export class CreateAppointmentDto {
  @IsString()
  @MaxLength(100)
  title!: string;

  @IsInt()
  @Min(1)
  durationMinutes!: number;

  @IsBoolean()
  remind!: boolean;
}

/** A typed query: `page` is a scalar, so `?page=1&page=2` must be refused. */
export class PageQueryDto {
  @IsInt()
  @Min(1)
  page!: number;
}

const appointmentsQuery = defineListQuery({
  filters: {
    status: { type: 'enum', values: ['scheduled', 'done'] },
    title: { type: 'string', maxLength: 50 },
  },
  sort: ['startsAt', 'title'],
  defaultSort: 'startsAt',
  maxPageSize: 50,
});

/** Routes each SECURITY-DEFAULTS row attacks: DTO bodies, queries, templates, slow handlers. */
export function createAttackController(data: TestData) {
  @Controller('/attack')
  class AttackController {
    @Post('/appointments')
    create(@Body() dto: CreateAppointmentDto) {
      data.appointments.push(dto);
      return { count: data.appointments.length };
    }

    @Get('/appointments')
    list(@Query() query: Record<string, unknown>) {
      return appointmentsQuery.parse(query);
    }

    @Get('/pages')
    page(@Query() query: PageQueryDto) {
      return { page: query.page };
    }

    @Get('/items/:id')
    item(@Param('id') id: string) {
      return { id };
    }

    @Delete('/items/:id')
    remove(@Param('id') id: string) {
      return { removed: id };
    }

    @Get('/search')
    @Render({ html: 'search', layout: false })
    search(@Query() query: Record<string, unknown>) {
      // Spreading request input into locals is the classic EJS option-injection vector.
      return { ...query };
    }

    @Get('/slow')
    async slow(@Ctx() ctx: RequestContext) {
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
      data.aborted++;
      return { late: true };
    }

    @Get('/wait')
    async wait() {
      await new Promise<void>((resolve) => {
        data.release.push(resolve);
        data.parked.emit('parked');
      });
      return { finished: true };
    }

    @Get('/session-touch')
    async touch(@Ctx() ctx: RequestContext) {
      await ctx.session.set('visits', ((await ctx.session.get<number>('visits')) ?? 0) + 1);
      return { ok: true };
    }

    @Get('/broken-page')
    @Render({ html: 'broken', layout: false })
    broken() {
      return {};
    }

    @Get('/teapot')
    teapot() {
      throw new HttpError('ERR_CONFLICT', { detail: 'The slot is already taken.' });
    }
  }
  return AttackController;
}
