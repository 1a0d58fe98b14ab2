import { Controller, Ctx, Get, Header, Param, Query } from '@pith/router';
import type { RequestContext } from '@pith/core';
import { HELLO, SERVER_NAME } from './tfb-rules';

const PLAIN_TYPE = 'text/plain; charset=utf-8';

/** The minimal-profile endpoints: `/json`, `/plaintext` and a route with a parameter and a query. */
@Controller()
export class WebController {
  @Get('/json')
  @Header('server', SERVER_NAME)
  json(): { message: string } {
    return { message: HELLO };
  }

  /** Sends the text itself: a returned string would be serialized as JSON. */
  @Get('/plaintext')
  plaintext(@Ctx() ctx: RequestContext): void {
    void ctx.reply.header('server', SERVER_NAME).type(PLAIN_TYPE).send(HELLO);
  }

  @Get('/users/:id')
  @Header('server', SERVER_NAME)
  user(@Param('id') id: string, @Query('fields') fields?: string): { id: string; fields?: string } {
    return { id, fields };
  }
}
