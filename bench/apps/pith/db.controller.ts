import type { EntityManager } from '@mikro-orm/core';
import { inject } from '@pith/core';
import { ENTITY_MANAGER } from '@pith/orm';
import { Controller, Get, Header, Query } from '@pith/router';
import { Render } from '@pith/views';
import { Fortune, World } from './tfb.entities';
import { SERVER_NAME, clampQueries, prepareFortunes, randomWorldId } from './tfb-rules';

/** A World as the TechEmpower tests print it. */
export interface WorldJson {
  id: number;
  randomNumber: number;
}

const toJson = (w: World): WorldJson => ({ id: w.id, randomNumber: w.randomNumber });

/** The database endpoints through the orm plugin (one query per row) and the views plugin. */
@Controller()
export class DbController {
  constructor(@inject(ENTITY_MANAGER) private readonly em: EntityManager) {}

  @Get('/db')
  @Header('server', SERVER_NAME)
  async db(): Promise<WorldJson> {
    return toJson(await this.em.findOneOrFail(World, randomWorldId()));
  }

  @Get('/queries')
  @Header('server', SERVER_NAME)
  async queries(@Query('queries') queries?: string): Promise<WorldJson[]> {
    return (await this.load(clampQueries(queries))).map(toJson);
  }

  @Get('/updates')
  @Header('server', SERVER_NAME)
  async updates(@Query('queries') queries?: string): Promise<WorldJson[]> {
    const worlds = await this.load(clampQueries(queries));
    for (const world of worlds) world.randomNumber = randomWorldId();
    await this.em.flush();
    return worlds.map(toJson);
  }

  @Get('/fortunes')
  @Header('server', SERVER_NAME)
  @Render({ html: 'fortunes', layout: false })
  async fortunes(): Promise<{ fortunes: Fortune[] }> {
    return { fortunes: prepareFortunes(await this.em.find(Fortune, {})) };
  }

  /** Each row by its own query, as the rules say (no `IN`). */
  private load(n: number): Promise<World[]> {
    const pending: Promise<World>[] = [];
    for (let i = 0; i < n; i++) pending.push(this.em.findOneOrFail(World, randomWorldId()));
    return Promise.all(pending);
  }
}
