// Reads through the unmodified supabase-js client: select shapes, filters, order, paging, counts,
// single/maybeSingle, CSV and the PostgREST error bodies for queries that do not parse or resolve.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import type { Backend } from '../../src/main/embedded/backend'
import { client, testBackend } from '../helpers/backend'
import { errorCode, rawRest } from './rest-fixtures'

let backend: Backend
let svc: SupabaseClient

beforeAll(async () => {
  backend = await testBackend({ demo: false })
  await backend.ctx.db.exec(`
    create table public.rest_items (
      id int primary key, name text, tags text[], data jsonb, score numeric(6, 2), at timestamptz,
      done boolean, period int4range);
    insert into public.rest_items values
      (1, 'alpha', '{red,blue}', '{"a": {"b": 1}, "n": 1}', 1.50, '2024-01-01T10:00:00Z', true, '[1,5)'),
      (2, 'beta', '{blue}', '{"a": {"b": 2}, "n": 2}', 2.00, '2024-01-02T10:00:00Z', false, '[5,10)'),
      (3, 'gamma delta', '{}', null, null, null, null, null),
      (4, 'a,b (c)', '{green}', '{"n": 4}', 4.25, '2024-01-04T10:00:00Z', true, '[20,30)'),
      (5, 'Alpha Two', '{red}', '{"n": 5}', 5, '2024-01-05T10:00:00Z', false, '[3,4)');`)
  svc = client(backend, backend.serviceRoleKey)
})

afterAll(async () => {
  await backend.stop()
})

const items = () => svc.from('rest_items')

describe('select', () => {
  it('returns every column as Postgres renders it to JSON', async () => {
    const { data, error, status } = await items().select('*').eq('id', 1)
    expect(error).toBeNull()
    expect(status).toBe(200)
    expect(data).toEqual([
      {
        id: 1,
        name: 'alpha',
        tags: ['red', 'blue'],
        data: { a: { b: 1 }, n: 1 },
        score: 1.5,
        at: '2024-01-01T10:00:00+00:00',
        done: true,
        period: '[1,5)',
      },
    ])
  })

  it('supports column lists, aliases, casts and JSON paths', async () => {
    const { data, error } = await items()
      .select('id, label:name, score::text, inner:data->a->>b, data->a, n:data->n')
      .eq('id', 2)
    expect(error).toBeNull()
    expect(data).toEqual([{ id: 2, label: 'beta', score: '2.00', inner: '2', a: { b: 2 }, n: 2 }])
  })

  it('keeps quoted aliases with spaces intact', async () => {
    const { data } = await items().select('"the name":name').eq('id', 1)
    expect(data).toEqual([{ 'the name': 'alpha' }])
  })

  it('refuses embedded resources, aggregates and bad syntax with PostgREST codes', async () => {
    const embed = await items().select('id, owner:profiles(name)')
    expect(embed.status).toBe(400)
    expect(embed.error?.code).toBe('PGRST200')
    expect(embed.error?.message).toContain("'rest_items' and 'profiles'")
    const agg = await items().select('count()')
    expect(agg.status).toBe(400)
    expect(agg.error?.code).toBe('PGRST123')
    const bad = await items().select('id::text;drop')
    expect(bad.status).toBe(400)
    expect(bad.error?.code).toBe('PGRST100')
    const unknownType = await items().select('id::no_such_type')
    expect(unknownType.error?.code).toBe('42704')
  })

  it('answers an unknown column with 42703 and the message PostgREST gives', async () => {
    for (const q of [
      items().select('nope'),
      items().select('id').eq('nope', 1),
      items().select('id').order('nope'),
    ]) {
      const { error, status } = await q
      expect(status).toBe(400)
      expect(error).toEqual({
        code: '42703',
        details: null,
        hint: null,
        message: 'column rest_items.nope does not exist',
      })
    }
  })

  it('answers an unknown table with 404 PGRST205 and a JSON body', async () => {
    const { error, status } = await svc.from('no_such_table').select()
    expect(status).toBe(404)
    expect(error?.code).toBe('PGRST205')
    expect(error?.message).toBe("Could not find the table 'public.no_such_table' in the schema cache")
  })

  it('rejects a schema that is not exposed', async () => {
    const { error, status } = await svc.schema('auth').from('users').select()
    expect(status).toBe(406)
    expect(error?.code).toBe('PGRST106')
    expect(error?.message).toBe('Invalid schema: auth')
  })
})

describe('filters', () => {
  type Build = (q: ReturnType<ReturnType<typeof items>['select']>) => typeof q
  const cases: [string, Build, number[]][] = [
    ['eq', (q) => q.eq('name', 'alpha'), [1]],
    ['neq', (q) => q.neq('name', 'alpha'), [2, 3, 4, 5]],
    ['gt', (q) => q.gt('id', 3), [4, 5]],
    ['gte', (q) => q.gte('id', 3), [3, 4, 5]],
    ['lt', (q) => q.lt('score', 2), [1]],
    ['lte', (q) => q.lte('score', 2), [1, 2]],
    ['eq on a timestamp', (q) => q.eq('at', '2024-01-02T10:00:00+00:00'), [2]],
    ['like with %', (q) => q.like('name', 'a%'), [1, 4]],
    ['like with * as wildcard', (q) => q.filter('name', 'like', '*ta*'), [2, 3]],
    ['ilike', (q) => q.ilike('name', '%alpha%'), [1, 5]],
    ['match', (q) => q.match({ name: 'beta', done: false }), [2]],
    ['regex match', (q) => q.filter('name', 'match', '^a'), [1, 4]],
    ['regex imatch', (q) => q.filter('name', 'imatch', '^a'), [1, 4, 5]],
    ['is null', (q) => q.is('score', null), [3]],
    ['is true', (q) => q.is('done', true), [1, 4]],
    ['is false', (q) => q.is('done', false), [2, 5]],
    ['not is null', (q) => q.not('score', 'is', null), [1, 2, 4, 5]],
    ['isdistinct', (q) => q.isDistinct('done', true), [2, 3, 5]],
    ['in', (q) => q.in('id', [1, 3]), [1, 3]],
    ['in with quoted items', (q) => q.in('name', ['a,b (c)', 'beta', 'gamma delta']), [2, 3, 4]],
    ['empty in', (q) => q.in('id', []), []],
    ['not in', (q) => q.not('id', 'in', '(1,2)'), [3, 4, 5]],
    ['contains (array)', (q) => q.contains('tags', ['red']), [1, 5]],
    ['contained by (array)', (q) => q.containedBy('tags', ['red', 'blue']), [1, 2, 3, 5]],
    ['overlaps (array)', (q) => q.overlaps('tags', ['green', 'blue']), [1, 2, 4]],
    ['contains (jsonb)', (q) => q.contains('data', { n: 4 }), [4]],
    ['JSON path filter', (q) => q.eq('data->a->>b', '2'), [2]],
    ['range strictly right', (q) => q.rangeGt('period', '[5,6)'), [4]],
    ['range adjacent', (q) => q.rangeAdjacent('period', '[5,10)'), [1]],
    ['full-text search', (q) => q.textSearch('name', 'alpha'), [1, 5]],
    [
      'websearch with config',
      (q) => q.textSearch('name', 'gamma', { type: 'websearch', config: 'english' }),
      [3],
    ],
    ['like any of', (q) => q.likeAnyOf('name', ['al%', 'be%']), [1, 2]],
    ['ilike all of', (q) => q.ilikeAllOf('name', ['%a%', '%two%']), [5]],
    ['repeated keys are ANDed', (q) => q.gt('id', 1).lt('id', 4), [2, 3]],
    ['or', (q) => q.or('id.eq.1,name.eq.beta'), [1, 2]],
    ['or with nested and', (q) => q.or('id.eq.3,and(done.is.true,score.gt.2)'), [3, 4]],
    ['or with in-list and quoted value', (q) => q.or('id.in.(1,2),name.eq."a,b (c)"'), [1, 2, 4]],
    ['or with not', (q) => q.or('id.not.lt.5,name.not.like.*a*'), [5]],
    ['or ANDed with a filter', (q) => q.or('id.eq.1,id.eq.2').eq('done', false), [2]],
  ]

  it.each(cases)('%s', async (_name, build, expected) => {
    const { data, error } = await build(items().select('id')).order('id')
    expect(error).toBeNull()
    expect(((data ?? []) as { id: number }[]).map((r) => r.id)).toEqual(expected)
  })

  it('supports not.or and and= as query keys', async () => {
    const notOr = await rawRest(backend, 'rest_items?select=id&order=id&not.or=(id.eq.1,id.eq.2)')
    expect(await notOr.json()).toEqual([{ id: 3 }, { id: 4 }, { id: 5 }])
    const and = await rawRest(backend, 'rest_items?select=id&order=id&and=(id.gt.1,or(id.eq.2,id.eq.5))')
    expect(await and.json()).toEqual([{ id: 2 }, { id: 5 }])
  })

  it('decodes + as a space, as URLSearchParams encodes it', async () => {
    const res = await rawRest(backend, 'rest_items?select=id&name=eq.gamma+delta')
    expect(await res.json()).toEqual([{ id: 3 }])
  })

  it('rejects filters that do not parse with PGRST100', async () => {
    for (const query of [
      'id=eq1',
      'id=foo.1',
      'or=(id.eq.1',
      'done=is.maybe',
      'id=in.1,2',
      'order=id.sideways',
    ]) {
      const res = await rawRest(backend, `rest_items?select=id&${query}`)
      expect(res.status, query).toBe(400)
      expect(await errorCode(res), query).toBe('PGRST100')
    }
  })

  it('reports a value of the wrong type as the Postgres error', async () => {
    const { error, status } = await items().select('id').eq('id', 'abc')
    expect(status).toBe(400)
    expect(error?.code).toBe('22P02')
    expect(error?.message).toContain('invalid input syntax for type integer')
  })
})

describe('order, paging and counts', () => {
  it('orders by several columns with nulls placement', async () => {
    const { data } = await items().select('id').order('score', { ascending: false, nullsFirst: true })
    expect(data?.map((r) => r.id)).toEqual([3, 5, 4, 2, 1])
    const two = await items()
      .select('id')
      .order('done', { ascending: true })
      .order('id', { ascending: false })
    expect(two.data?.map((r) => r.id)).toEqual([5, 2, 4, 1, 3])
  })

  it('orders by a JSON path', async () => {
    const { data } = await items().select('id').not('data', 'is', null).order('data->n', { ascending: false })
    expect(data?.map((r) => r.id)).toEqual([5, 4, 2, 1])
  })

  it('pages with range() and reports the exact count with 206', async () => {
    const res = await items().select('id', { count: 'exact' }).order('id').range(1, 2)
    expect(res.status).toBe(206)
    expect(res.count).toBe(5)
    expect(res.data?.map((r) => r.id)).toEqual([2, 3])
  })

  it('answers 200 when the page holds everything, and counts filtered rows', async () => {
    const res = await items().select('id', { count: 'planned' }).eq('done', true)
    expect(res.status).toBe(200)
    expect(res.count).toBe(2)
  })

  it('counts with HEAD and no body', async () => {
    const res = await items().select('*', { count: 'exact', head: true }).gt('id', 1)
    expect(res.error).toBeNull()
    expect(res.data).toBeNull()
    expect(res.count).toBe(4)
  })

  it('answers 416 PGRST103 for an offset past the end of a counted result', async () => {
    const res = await items().select('id', { count: 'exact' }).range(10, 12)
    expect(res.status).toBe(416)
    expect(res.error?.code).toBe('PGRST103')
  })

  it('writes Content-Range exactly as PostgREST does', async () => {
    const counted = { headers: { Prefer: 'count=exact' } }
    const cases: [string, { headers?: Record<string, string> }, number, string][] = [
      ['rest_items?select=id&order=id&limit=2', counted, 206, '0-1/5'],
      ['rest_items?select=id&order=id&limit=2&offset=3', {}, 200, '3-4/*'],
      ['rest_items?select=id&offset=5', counted, 206, '*/5'],
      ['rest_items?select=id&id=gt.100', counted, 200, '*/0'],
      ['rest_items?select=id', counted, 200, '0-4/5'],
    ]
    for (const [path, init, status, range] of cases) {
      const res = await rawRest(backend, path, init)
      expect(res.status, path).toBe(status)
      expect(res.headers.get('content-range'), path).toBe(range)
      expect(res.headers.get('access-control-expose-headers')).toContain('Content-Range')
    }
  })

  it('rejects a limit that is not a number', async () => {
    const res = await rawRest(backend, 'rest_items?select=id&limit=ten')
    expect(res.status).toBe(400)
    expect(await errorCode(res)).toBe('PGRST100')
  })
})

describe('media types', () => {
  it('single() returns one object and 406 PGRST116 otherwise', async () => {
    const one = await items().select('id, name').eq('id', 1).single()
    expect(one.data).toEqual({ id: 1, name: 'alpha' })
    const none = await items().select('id').eq('id', 99).single()
    expect(none.status).toBe(406)
    expect(none.error).toEqual({
      code: 'PGRST116',
      details: 'The result contains 0 rows',
      hint: null,
      message: 'Cannot coerce the result to a single JSON object',
    })
    const many = await items().select('id').single()
    expect(many.error?.details).toBe('The result contains 5 rows')
  })

  it('maybeSingle() gets null for no rows and an error for many', async () => {
    expect((await items().select('id').eq('id', 99).maybeSingle()).data).toBeNull()
    expect((await items().select('id').eq('id', 2).maybeSingle()).data).toEqual({ id: 2 })
    expect((await items().select('id').maybeSingle()).error?.code).toBe('PGRST116')
  })

  it('csv() returns a header line and one line per row', async () => {
    const { data } = await items().select('id, name').in('id', [1, 4]).order('id').csv()
    expect(data).toBe('id,name\n1,alpha\n4,"a,b (c)"')
  })

  it('stripNulls() drops null fields', async () => {
    const { data } = await items().select('id, score, name').eq('id', 3).stripNulls()
    expect(data).toEqual([{ id: 3, name: 'gamma delta' }])
  })

  it('refuses media types it cannot produce', async () => {
    const res = await rawRest(backend, 'rest_items', { headers: { Accept: 'application/xml' } })
    expect(res.status).toBe(406)
    expect(await errorCode(res)).toBe('PGRST107')
  })
})
