import type { RequestContext } from '@pith/core';
import {
  Body,
  Consumes,
  Controller,
  Ctx,
  Delete,
  Get,
  Param,
  Patch,
  Post,
  Query,
  UseInterceptors,
} from '@pith/router';
import { Authenticated } from '@pith/security';
import { getSession } from '@pith/session';
import { Render } from '@pith/views';
import { renderFormOnInvalid } from '../http/form-errors.interceptor';
import { rewordFieldErrors } from '../http/field-messages.interceptor';
import { htmlOnly } from '../http/html-only.interceptor';
import {
  APPOINTMENT_FIELDS,
  AppointmentInput,
  AppointmentListQuery,
  AppointmentPatch,
  LIMIT_MESSAGE,
  OFFSET_MESSAGE,
} from './appointment.dto';
import { appointmentForm, storedValues, submittedValues } from './appointment-form';
import { DELTA_MESSAGE } from './appointment-rules';
import { toAppointmentJson, type AppointmentJson } from './appointment-json';
import { toAppointmentView } from './appointment-view';
import { AppointmentsService } from './appointments.service';

const newFormAgain = renderFormOnInvalid((ctx, errors) =>
  appointmentForm(undefined, submittedValues(ctx.body), errors),
);
const editFormAgain = renderFormOnInvalid((ctx, errors) =>
  appointmentForm(ctx.params.id, submittedValues(ctx.body), errors),
);
/**
 * A form's `delta=abc` fails the router's number conversion: say what to choose instead. A field
 * an appointment does not have is named plainly (not class-validator's "property x should not exist").
 */
const appMessages = rewordFieldErrors(
  { delta: DELTA_MESSAGE },
  { names: APPOINTMENT_FIELDS, taker: 'an appointment', kind: 'field' },
);
/** `?limit=abc` gets the same sentence as `?limit=0`; an unknown parameter is named plainly. */
const listMessages = rewordFieldErrors(
  { limit: LIMIT_MESSAGE, offset: OFFSET_MESSAGE },
  { names: ['q', 'limit', 'offset'], taker: 'this list', kind: 'parameter' },
);

/** Appointments in HTML, JSON and XML from the same handlers; signed-in users only. */
@Controller('/appointments')
@Authenticated()
export class AppointmentsController {
  constructor(private readonly appointments: AppointmentsService) {}

  @Get('/')
  @UseInterceptors(listMessages)
  @Render({ html: 'appointments/index', xml: 'appointments/index.xml' })
  async list(@Query() query: AppointmentListQuery, @Ctx() ctx: RequestContext): Promise<unknown> {
    const page = await this.appointments.list(query);
    if (ctx.format === 'json') return { appointments: page.items.map(toAppointmentJson) };
    const views = page.items.map(toAppointmentView);
    const link = (offset: number): string =>
      `/appointments?${new URLSearchParams({ ...(page.q ? { q: page.q } : {}), limit: String(page.limit), offset: String(offset) }).toString()}`;
    return {
      title: 'Appointments',
      appointments: views,
      q: page.q,
      total: page.total,
      from: page.total === 0 ? 0 : page.offset + 1,
      to: page.offset + views.length,
      previousHref: page.offset > 0 ? link(Math.max(0, page.offset - page.limit)) : undefined,
      firstHref: page.offset > 0 ? link(0) : undefined,
      nextHref:
        page.offset + views.length < page.total ? link(page.offset + page.limit) : undefined,
    };
  }

  @Get('/new')
  @UseInterceptors(htmlOnly)
  @Render('appointments/form')
  newForm(): unknown {
    return appointmentForm(undefined);
  }

  @Post('/')
  @Consumes('urlencoded', 'json')
  @UseInterceptors(newFormAgain, appMessages)
  @Render('appointments/form')
  async create(
    @Body() input: AppointmentInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AppointmentJson | undefined> {
    const a = await this.appointments.create(input);
    const location = `/appointments/${a.id}`;
    if (ctx.format !== 'html') {
      ctx.reply.status(201).header('location', location);
      return toAppointmentJson(a);
    }
    await getSession(ctx).flash('success', 'Appointment successfully created.');
    await ctx.reply.redirect(location, 303);
    return undefined;
  }

  @Get('/:id')
  @Render({ html: 'appointments/show', xml: 'appointments/show.xml' })
  async show(@Param('id') id: string, @Ctx() ctx: RequestContext): Promise<unknown> {
    const a = await this.appointments.get(id);
    if (ctx.format === 'json') return toAppointmentJson(a);
    return { title: a.name, appointment: toAppointmentView(a) };
  }

  @Get('/:id/edit')
  @UseInterceptors(htmlOnly)
  @Render('appointments/form')
  async editForm(@Param('id') id: string): Promise<unknown> {
    const a = await this.appointments.get(id);
    return appointmentForm(a.id, storedValues(a));
  }

  @Post('/:id/edit')
  @Consumes('urlencoded')
  @UseInterceptors(editFormAgain, appMessages)
  @Render('appointments/form')
  async update(
    @Param('id') id: string,
    @Body() input: AppointmentInput,
    @Ctx() ctx: RequestContext,
  ): Promise<undefined> {
    const a = await this.appointments.update(id, input);
    await getSession(ctx).flash('success', 'Appointment successfully updated.');
    await ctx.reply.redirect(`/appointments/${a.id}`, 303);
    return undefined;
  }

  @Patch('/:id')
  @UseInterceptors(appMessages)
  async patch(@Param('id') id: string, @Body() input: AppointmentPatch): Promise<AppointmentJson> {
    return toAppointmentJson(await this.appointments.update(id, input));
  }

  @Post('/:id/delete')
  @Consumes('urlencoded', 'json')
  async removeFromForm(
    @Param('id') id: string,
    @Body() _form: unknown,
    @Ctx() ctx: RequestContext,
  ): Promise<undefined> {
    await this.appointments.remove(id);
    await getSession(ctx).flash('success', 'Appointment deleted.');
    await ctx.reply.redirect('/appointments', 303);
    return undefined;
  }

  @Delete('/:id')
  async remove(@Param('id') id: string, @Ctx() ctx: RequestContext): Promise<undefined> {
    await this.appointments.remove(id);
    ctx.reply.status(204);
    return undefined;
  }
}
