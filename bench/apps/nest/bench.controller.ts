import { Controller, Get, Header, Inject, Param, Query } from '@nestjs/common';
import { HELLO, clampQueries } from '../../apps/shared/tfb-rules';
import { renderFortunes } from '../../apps/shared/fortunes-view';
import { TFB_WORK, type TfbWork } from './tfb-work';

/** The TechEmpower endpoints as a NestJS controller (works under both HTTP adapters). */
@Controller()
export class BenchController {
  constructor(@Inject(TFB_WORK) private readonly work: TfbWork) {}

  @Get('json')
  @Header('Server', 'Nest')
  json(): { message: string } {
    return { message: HELLO };
  }

  @Get('plaintext')
  @Header('Server', 'Nest')
  @Header('Content-Type', 'text/plain')
  plaintext(): string {
    return HELLO;
  }

  @Get('users/:id')
  @Header('Server', 'Nest')
  user(@Param('id') id: string, @Query('fields') fields?: string): object {
    return { id, fields };
  }

  @Get('db')
  @Header('Server', 'Nest')
  db(): Promise<unknown> {
    return this.work.db();
  }

  @Get('queries')
  @Header('Server', 'Nest')
  queries(@Query('queries') queries?: string): Promise<unknown> {
    return this.work.queries(clampQueries(queries));
  }

  @Get('updates')
  @Header('Server', 'Nest')
  updates(@Query('queries') queries?: string): Promise<unknown> {
    return this.work.updates(clampQueries(queries));
  }

  @Get('fortunes')
  @Header('Server', 'Nest')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async fortunes(): Promise<string> {
    return renderFortunes(await this.work.fortunes());
  }
}
