import { defineListQuery } from '@pith/orm';

const query = defineListQuery({
  filters: {
    status: { type: 'enum', values: ['open', 'closed'] },
    statuses: { type: 'enum', values: ['open', 'closed'], op: 'in', field: 'status' },
    from: { type: 'date', field: 'startsAt', op: 'gte' },
    to: { type: 'date', field: 'startsAt', op: 'lt' },
    count: { type: 'int', min: 0, max: 10, op: 'gte' },
    archived: { type: 'boolean' },
    owner: { type: 'id' },
    name: { type: 'string', maxLength: 5 },
  },
  sort: ['startsAt', 'name'],
  defaultSort: '-startsAt',
  defaultPageSize: 10,
  maxPageSize: 50,
});

function problems(input: Record<string, unknown>): unknown {
  try {
    query.parse(input);
  } catch (error) {
    return (error as { status: number; code: string; errors: unknown }).errors;
  }
  throw new Error('expected a 400');
}

describe('defineListQuery', () => {
  it('builds a where from typed values, under declared fields and operators', () => {
    const q = query.parse({
      status: 'open',
      statuses: 'open,closed',
      from: '2024-01-01T00:00:00Z',
      to: '2024-02-01',
      count: '3',
      archived: 'false',
      owner: '0123456789abcdef01234567',
      name: 'Ada',
    });
    expect(q.where).toEqual({
      status: { $eq: 'open', $in: ['open', 'closed'] },
      startsAt: { $gte: new Date('2024-01-01T00:00:00Z'), $lt: new Date('2024-02-01') },
      count: { $gte: 3 },
      archived: false,
      owner: '0123456789abcdef01234567',
      name: 'Ada',
    });
  });

  it('sorts by the default, with the id as a tiebreaker, and pages from 1', () => {
    expect(query.parse({})).toEqual({
      where: {},
      orderBy: { startsAt: 'desc', id: 'asc' },
      limit: 10,
      offset: 0,
      page: 1,
      pageSize: 10,
    });
    expect(query.parse({ sort: 'name,-startsAt', page: '3', pageSize: '20' })).toMatchObject({
      orderBy: { name: 'asc', startsAt: 'desc', id: 'asc' },
      limit: 20,
      offset: 40,
    });
  });

  it('clamps the page size instead of loading everything', () => {
    expect(query.parse({ pageSize: '1000000' })).toMatchObject({ pageSize: 50, limit: 50 });
    expect(query.parse({ pageSize: '0' })).toMatchObject({ pageSize: 1 });
  });

  it('refuses objects, arrays and operators where a value belongs', () => {
    expect(problems({ status: { $ne: null } })).toEqual([
      { field: 'status', message: 'must be a single value' },
    ]);
    expect(problems({ name: ['a', 'b'] })).toEqual([
      { field: 'name', message: 'must be a single value' },
    ]);
    expect(problems({ 'status[$ne]': '' })).toEqual([
      { field: 'status[$ne]', message: 'is not a known parameter' },
    ]);
    expect(problems({ owner: '{"$gt":""}' })).toEqual([
      { field: 'owner', message: 'must be an id' },
    ]);
  });

  it('lists every bad parameter at once', () => {
    expect(
      problems({
        status: 'deleted',
        count: '11',
        archived: 'yes',
        from: 'yesterday',
        name: 'toolong',
        sort: 'password',
        page: 'x',
      }),
    ).toEqual([
      { field: 'status', message: 'must be one of open, closed' },
      { field: 'from', message: 'must be an ISO 8601 date' },
      { field: 'count', message: 'is out of range' },
      { field: 'archived', message: 'must be true or false' },
      { field: 'name', message: 'must be at most 5 characters' },
      { field: 'sort', message: 'cannot sort by "password"; use one of startsAt, name' },
      { field: 'page', message: 'must be a positive integer' },
    ]);
  });

  it('answers 400 with ERR_ORM_QUERY_INVALID', () => {
    expect(() => query.parse({ sort: 'x' })).toThrow(
      expect.objectContaining({ status: 400, code: 'ERR_ORM_QUERY_INVALID' }),
    );
  });

  it('refuses a default sort outside the allowlist at definition time', () => {
    expect(() => defineListQuery({ sort: ['a'], defaultSort: 'b' })).toThrow(/defaultSort "b"/);
  });
});
