import { createApp, definePlugin } from '@pith/core';
import router, {
  Body,
  Controller,
  Get,
  Header,
  Post,
  ROUTER,
  All,
  type RouterExtensions,
} from '@pith/router';
import {
  NegotiationCaches,
  RepresentationSet,
} from '../../../plugins/router/src/pipeline/representations';

function boot(...controllers: Array<new (...args: never[]) => unknown>) {
  return createApp({ plugins: { router: [router, { controllers }] } }).ready();
}

@Controller('/users')
class UsersController {
  @Get('/:id') show() {
    return 1;
  }
}

describe('router boot errors', () => {
  it('refuses two handlers on the same route, naming both', async () => {
    @Controller('/users')
    class OtherUsers {
      @Get('/:userId') find() {
        return 2;
      }
    }
    await expect(boot(UsersController, OtherUsers)).rejects.toThrow(
      'ERR_ROUTE_CONFLICT: OtherUsers.find (GET /users/:userId) conflicts with UsersController.show (GET /users/:id)',
    );
  });

  it('refuses @All over an existing method route', async () => {
    @Controller('/users')
    class Catch {
      @All('/:id') any() {
        return 3;
      }
    }
    await expect(boot(UsersController, Catch)).rejects.toThrow(
      /ERR_ROUTE_CONFLICT: Catch\.any .* UsersController\.show/,
    );
  });

  it('refuses a bad pattern, naming the handler', async () => {
    @Controller('/')
    class Bad {
      @Get('/files/*/more') files() {
        return 4;
      }
    }
    await expect(boot(Bad)).rejects.toThrow(
      /ERR_ROUTE_INVALID: Bad\.files: bad route pattern GET \/files\/\*\/more/,
    );
  });

  it.each([
    ['x bad', 'v', /Invalid header name|HTTP token/],
    ['x-ok', 'line\nbreak', /Invalid character/],
  ])('refuses @Header(%j, %j) at boot, naming the handler', async (name, value, why) => {
    @Controller('/')
    class BadHeader {
      @Get('/')
      @Header(name, value)
      show() {
        return 6;
      }
    }
    const boot$ = boot(BadHeader);
    await expect(boot$).rejects.toThrow(/ERR_ROUTE_INVALID: BadHeader\.show: @Header\(/);
    await expect(boot$).rejects.toThrow(why);
  });

  it('refuses an undecorated handler parameter', async () => {
    @Controller('/')
    class Undecorated {
      @Get('/') show(_id: string) {
        return 5;
      }
    }
    await expect(boot(Undecorated)).rejects.toThrow(
      /ERR_ROUTE_INVALID: parameter #1 of Undecorated\.show has no decorator/,
    );
  });

  it('refuses a DTO class without validation rules', async () => {
    class NoRules {
      name!: string;
    }
    @Controller('/')
    class UsesNoRules {
      @Post('/') create(@Body() input: NoRules) {
        return input;
      }
    }
    await expect(boot(UsesNoRules)).rejects.toThrow(
      /ERR_ROUTE_INVALID: NoRules is used as a DTO but has no class-validator rules/,
    );
  });

  it('refuses a controller option that is not a @Controller class', async () => {
    class Plain {}
    await expect(boot(Plain)).rejects.toThrow(/controllers\[0\].*a @Controller class/s);
  });

  it('refuses late controller registrations', async () => {
    let ext: RouterExtensions | undefined;
    const late = definePlugin({
      name: 'late',
      dependencies: ['router'],
      setup(ctx) {
        ext = ctx.resolve(ROUTER);
      },
    });
    const app = createApp({
      plugins: { router: [router, { controllers: [UsersController] }], late },
    });
    await app.ready();
    expect(() => ext!.addControllers(UsersController)).toThrow(/ERR_ROUTER_SEALED/);
    await app.close();
  });
});

describe('negotiation cache', () => {
  it('stays bounded under distinct Accept headers', () => {
    const caches = new NegotiationCaches(4);
    const set = new RepresentationSet([], caches);
    for (let i = 0; i < 50; i++) expect(set.choose(`application/json;v=${i}`).format).toBe('json');
    expect(caches.forOffers(['application/json']).size).toBe(4);
    expect(() => set.choose('text/html')).toThrow(/Accept header allows none/);
  });
});
