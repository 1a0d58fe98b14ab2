import { inject } from '@pith/core';
import { Controller, Get, Header } from '@pith/router';
import { Render } from '@pith/views';
import type { Fortune } from '../shared/tfb-db';
import { FORTUNE_ROWS } from './sqlite-fortunes';
import { SERVER_NAME, prepareFortunes, type FortuneRow } from './tfb-rules';

/** `/fortunes` through the router and the views plugin, on the bare driver (no orm). */
@Controller()
export class FortunesController {
  constructor(@inject(FORTUNE_ROWS) private readonly rows: () => Promise<Fortune[]>) {}

  @Get('/fortunes')
  @Header('server', SERVER_NAME)
  @Render({ html: 'fortunes', layout: false })
  async fortunes(): Promise<{ fortunes: FortuneRow[] }> {
    return { fortunes: prepareFortunes(await this.rows()) };
  }
}
