import type { RequestContext } from '@pith/core';
import { Controller, Ctx, Get, Header } from '@pith/router';
import { getSession } from '@pith/session';
import { Render } from '@pith/views';
import { SERVER_NAME } from './tfb-rules';

/** What `/page` renders. */
export interface PageData {
  name: string;
  visits: number;
}

/**
 * Issue 7's page: a view that reads the session (written on the first visit, so a client that
 * sends the cookie back carries a session with or without the security plugin).
 */
@Controller()
export class PageController {
  @Get('/page')
  @Header('server', SERVER_NAME)
  @Render({ html: 'page', layout: false })
  async page(@Ctx() ctx: RequestContext): Promise<PageData> {
    const session = getSession(ctx);
    let name = await session.get<string>('name');
    if (name === undefined) await session.set('name', (name = 'guest'));
    return { name, visits: 1 };
  }
}
