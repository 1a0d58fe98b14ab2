import type { EntityManager } from '@mikro-orm/core';
import { inject } from '@pith/core';
import { ENTITY_MANAGER, ORM, type EntityReader, type EntityRow, type Orm } from '@pith/orm';
import { Controller, Get, Header, Query } from '@pith/router';
import { Render } from '@pith/views';
import type { WorldJson } from './db.controller';
import { Fortune, World } from './tfb.entities';
import { SERVER_NAME, clampQueries, prepareFortunes, randomWorldId } from './tfb-rules';

/**
 * The database endpoints through the orm plugin's entity reader (TechEmpower's "Micro"): reads
 * run one statement built from the entities' metadata, without identity map or unit of work;
 * `/updates` hands the rows to the EntityManager (`em.merge`, no query) and flushes there, so
 * writes keep the unit of work's batched UPDATE. db.controller.ts is the "Full ORM" variant.
 */
@Controller()
export class DbMicroController {
  private readonly worlds: EntityReader<World>;
  private readonly fortuneRows: EntityReader<Fortune>;

  constructor(
    @inject(ORM) orm: Orm,
    @inject(ENTITY_MANAGER) private readonly em: EntityManager,
  ) {
    // Built once: the statements and the row mapping come from the metadata at boot.
    this.worlds = orm.reader(World);
    this.fortuneRows = orm.reader(Fortune);
  }

  @Get('/db')
  @Header('server', SERVER_NAME)
  async db(): Promise<WorldJson> {
    const w = await this.worlds.findByIdOrFail(randomWorldId());
    return { id: w.id, randomNumber: w.randomNumber };
  }

  @Get('/queries')
  @Header('server', SERVER_NAME)
  async queries(@Query('queries') queries?: string): Promise<WorldJson[]> {
    return this.load(clampQueries(queries));
  }

  @Get('/updates')
  @Header('server', SERVER_NAME)
  async updates(@Query('queries') queries?: string): Promise<WorldJson[]> {
    const rows = await this.load(clampQueries(queries));
    for (const row of rows) {
      const world = this.em.merge(World, row);
      world.randomNumber = row.randomNumber = randomWorldId();
    }
    await this.em.flush();
    return rows;
  }

  @Get('/fortunes')
  @Header('server', SERVER_NAME)
  @Render({ html: 'fortunes', layout: false })
  async fortunes(): Promise<{ fortunes: EntityRow<Fortune>[] }> {
    return { fortunes: prepareFortunes(await this.fortuneRows.findAll()) };
  }

  /** Each row by its own query, as the rules say (no `IN`). */
  private load(n: number): Promise<EntityRow<World>[]> {
    const pending: Promise<EntityRow<World>>[] = [];
    for (let i = 0; i < n; i++) pending.push(this.worlds.findByIdOrFail(randomWorldId()));
    return Promise.all(pending);
  }
}
