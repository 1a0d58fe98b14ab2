import { HttpError, definePlugin, type RequestContext } from '@pith/core';
import { HELLO, SERVER_NAME } from './tfb-rules';

const PLAIN_TYPE = 'text/plain; charset=utf-8';

function dispatch(ctx: RequestContext): void | Promise<void> {
  const reply = ctx.reply;
  reply.header('server', SERVER_NAME);
  switch (ctx.path) {
    case '/json':
      return reply.json({ message: HELLO });
    case '/plaintext':
      return reply.type(PLAIN_TYPE).send(HELLO);
    default:
      throw new HttpError('ERR_NOT_FOUND', { detail: `No route for ${ctx.method} ${ctx.path}.` });
  }
}

/**
 * The kernel-only profile: one hand-written plugin fills the dispatcher slot and answers
 * `/json` and `/plaintext` (issue 2's "kernel adds nearly nothing" comparison).
 */
export const helloPlugin = definePlugin({
  name: 'bench-hello',
  setup(ctx) {
    ctx.setDispatcher(dispatch);
  },
});
