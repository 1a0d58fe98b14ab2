import { Controller, Get, Param, Query } from '@pith/router';

/** The minimal profile's JSON service. */
@Controller('/')
export class HelloController {
  @Get('/json')
  json(): { message: string } {
    return { message: 'Hello, World!' };
  }

  @Get('/users/:id')
  user(
    @Param('id') id: string,
    @Query('fields') fields?: string,
  ): { id: string; fields: string | null } {
    return { id, fields: fields ?? null };
  }
}
