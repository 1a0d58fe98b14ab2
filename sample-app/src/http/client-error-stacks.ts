import { definePlugin, type Problem } from '@pith/core';

/**
 * A client error's problem without the development `debug` member: a 4xx says what the client
 * did wrong in `detail` and `errors`, and its stack would only show the server's file paths.
 * Server errors keep it in development, where it is what the developer needs.
 */
export function withoutClientStack(problem: Problem): Problem {
  if (problem.status >= 500 || problem.debug === undefined) return problem;
  const { debug: _debug, ...rest } = problem;
  return rest;
}

/**
 * Renders problem+json without stacks for client errors (see {@link withoutClientStack}); the
 * error pages do the same in their template, and XML never carries `debug`. Uses only the kernel,
 * so the minimal profile can enable it too.
 */
export const clientErrorStacksPlugin = definePlugin({
  name: 'client-error-stacks',
  setup(ctx) {
    ctx.setErrorRenderer('json', (problem) => ({
      body: JSON.stringify(withoutClientStack(problem)),
      type: 'application/problem+json; charset=utf-8',
    }));
  },
});
