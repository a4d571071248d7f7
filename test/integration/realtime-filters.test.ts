// The postgres_changes filter grammar, table-driven through supabase-js: every operator, `not.`, comma-AND,
// quoting, `in` limits, type casts, DELETE filters on the replica identity, and every validation message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js'
import { client, eventually, testBackend } from '../helpers/backend'
import type { Backend } from '../../src/main/embedded/backend'

let backend: Backend
let supabase: SupabaseClient

type Received = { ids: number[]; system: Record<string, unknown>[] }

beforeAll(async () => {
  backend = await testBackend({ demo: false })
  await backend.ctx.db.exec(`
    create table public.rt_f (id int primary key, name text, n int, price numeric, at timestamptz, ok bool,
                              tags text[], u uuid);
    alter publication supabase_realtime add table public.rt_f;`)
  await backend.ctx.db.ensureCapture()
  supabase = client(backend)
})

afterAll(async () => {
  await supabase.removeAllChannels()
  await backend.stop()
})

/** Subscribes one channel with one binding and records which row ids arrive and which system messages. */
async function watch(name: string, binding: Record<string, unknown>): Promise<Received> {
  const got: Received = { ids: [], system: [] }
  const ch: RealtimeChannel = supabase
    .channel(name)
    .on(
      'postgres_changes' as never,
      { event: 'INSERT', schema: 'public', table: 'rt_f', ...binding },
      (p: { new: { id: number }; old: { id: number } }) => got.ids.push(p.new.id ?? p.old.id),
    )
    .on('system', {}, (p) => got.system.push(p))
  await new Promise<void>((resolve, reject) =>
    ch.subscribe((status, err) => (status === 'SUBSCRIBED' ? resolve() : reject(err ?? new Error(status)))),
  )
  await eventually(() => got.system.length > 0, 5000, `system message on ${name}`)
  return got
}

const ROWS = `insert into public.rt_f values
  (1, 'alpha', 1, 1.5, '2026-01-01T00:00:00Z', true, '{a,b}', '00000000-0000-0000-0000-000000000001'),
  (2, 'Beta', 2, 2.25, '2026-01-01T00:00:00.5Z', false, '{c}', '00000000-0000-0000-0000-000000000002'),
  (3, 'a,b', 3, null, null, null, null, null),
  (4, 'quote"d', null, 10, '2026-06-01T12:00:00+02:00', true, '{}', '00000000-0000-0000-0000-000000000004'),
  (5, 'x (y)', 5, 0, '2025-12-31T23:59:59.999Z', false, '{a}', '00000000-0000-0000-0000-000000000005')`

const MATCHES: [string, number[]][] = [
  ['n=eq.2', [2]],
  ['n=neq.2', [1, 3, 5]],
  ['n=lt.3', [1, 2]],
  ['n=lte.3', [1, 2, 3]],
  ['n=gt.3', [5]],
  ['n=gte.3', [3, 5]],
  ['n=in.(1,5)', [1, 5]],
  ['n=not.in.(1,5)', [2, 3]],
  ['n=not.eq.2', [1, 3, 5]],
  ['n=is.null', [4]],
  ['name=like.a%', [1, 3]],
  ['name=like.a_pha', [1]],
  ['name=ilike.b%', [2]],
  ['name=not.like.a%', [2, 4, 5]],
  ['name=match.^a', [1, 3]],
  ['name=imatch.^B', [2]],
  ['name=eq.beta', []],
  ['ok=is.true', [1, 4]],
  ['ok=is.false', [2, 5]],
  ['ok=is.null', [3]],
  ['ok=not.is.null', [1, 2, 4, 5]],
  ['ok=isdistinct.true', [2, 3, 5]],
  ['ok=not.isdistinct.true', [1, 4]],
  ['ok=eq.t', [1, 4]],
  ['name=eq."a,b"', [3]],
  ['name=eq."quote\\"d"', [4]],
  ['name=in.("a,b","x (y)")', [3, 5]],
  ['n=gt.1,n=lt.5', [2, 3]],
  ['n=gte.1, ok=eq.false', [2, 5]],
  ['price=gte.2', [2, 4]],
  ['price=eq.2.250', [2]],
  ['at=gt.2026-01-01T00:00:00Z', [2, 4]],
  ['at=lt.2026-01-01', [5]],
  ['at=eq.2026-06-01T10:00:00Z', [4]],
  ['u=eq.00000000-0000-0000-0000-000000000002', [2]],
  ['tags=eq.{c}', [2]],
  ['', [1, 2, 3, 4, 5]],
]

describe('filter evaluation', () => {
  it('each operator, negation, AND and quoting select exactly the rows Postgres would', async () => {
    const watched = await Promise.all(MATCHES.map(([filter], i) => watch(`m${i}`, { filter })))
    const all = await watch('all', {})
    await backend.ctx.db.query(ROWS)
    await eventually(() => all.ids.length === 5, 5000, 'all five rows')
    // One socket, one ordered stream: every channel has seen its share once the control channel has all five.
    const results = MATCHES.map(([filter], i) => [filter, [...watched[i]!.ids].sort()])
    expect(results).toEqual(MATCHES)
  })

  it('DELETE filters see only the replica identity: key filters match, others fail closed', async () => {
    const byKey = await watch('del-key', { event: 'DELETE', filter: 'id=eq.2' })
    const byName = await watch('del-name', { event: 'DELETE', filter: 'name=eq.Beta' })
    const all = await watch('del-all', { event: 'DELETE' })
    await backend.ctx.db.query('delete from public.rt_f where id in (2, 3)')
    await eventually(() => all.ids.length === 2)
    expect(byKey.ids).toEqual([2])
    expect(byName.ids).toEqual([])
  })
})

const unable = (filters: string, exception: string) =>
  `Unable to subscribe to changes with given parameters. An exception happened so please check your connect parameters: [event: INSERT, schema: public, table: rt_f, filters: [${filters}], select: nil]. Exception: ${exception}`

const hundredAndOne = Array.from({ length: 101 }, (_, i) => i).join(',')

const ERRORS: [Record<string, unknown>, string | RegExp][] = [
  [{ filter: 'n=foo.1' }, 'Error parsing `filter` params: ["foo", "1"]'],
  [{ filter: 'undefined' }, 'Error parsing `filter` params: ["undefined"]'],
  [{ filter: 'n=not.5' }, 'Error parsing `filter` params: ["5"]'],
  [{ filter: 'n=in.1,2' }, 'Error parsing `filter` params: `in` filter value must be wrapped by parentheses'],
  [
    { filter: 'n=eq.1,,n=eq.2' },
    'Error parsing `filter` params: filter must not contain empty segments (check for extra commas)',
  ],
  [
    { filter: 'nope=eq.1' },
    unable('{"nope", "eq", "1", false}', 'ERROR P0001 (raise_exception) invalid column for filter nope'),
  ],
  [
    { filter: 'n=eq.abc' },
    unable(
      '{"n", "eq", "abc", false}',
      'ERROR 22P02 (invalid_text_representation) invalid input syntax for type integer: "abc"',
    ),
  ],
  [
    { filter: `n=in.(${hundredAndOne})` },
    /Exception: ERROR P0001 \(raise_exception\) too many values for `in` filter\. Maximum 100$/,
  ],
  [
    { filter: 'n=like.1%' },
    unable(
      '{"n", "like", "1%", false}',
      'ERROR P0001 (raise_exception) operator like requires a text-compatible column type, got integer',
    ),
  ],
  [
    { filter: 'name=match.(' },
    /Exception: ERROR P0001 \(raise_exception\) invalid regular expression for match filter: .+/,
  ],
  [
    { filter: 'ok=is.maybe' },
    unable(
      '{"ok", "is", "maybe", false}',
      'ERROR P0001 (raise_exception) invalid value for is filter: must be null, true, false, or unknown',
    ),
  ],
  [
    { filter: 'n=not.is.true' },
    unable(
      '{"n", "is", "true", true}',
      'ERROR P0001 (raise_exception) is true filter requires a boolean column, got integer',
    ),
  ],
  [
    { select: 'name' },
    'Error parsing `select` params: expected a list of column name strings, e.g. select: ["col1", "col2"]',
  ],
  [
    { table: '*', select: ['name'] },
    'Column selection is not supported for wildcard subscriptions. Provide an explicit schema and table name.',
  ],
  [{ select: ['nope'] }, /Exception: ERROR P0001 \(raise_exception\) invalid column for select nope$/],
]

describe('filter validation', () => {
  it('reports every invalid binding as the real system error, after a successful join', async () => {
    const got = await Promise.all(ERRORS.map(([binding], i) => watch(`e${i}`, binding)))
    for (const [i, [, expected]] of ERRORS.entries()) {
      const system = got[i]!.system[0]!
      expect(system).toMatchObject({ extension: 'postgres_changes', status: 'error', channel: `e${i}` })
      if (typeof expected === 'string') expect(system.message).toBe(expected)
      else expect(system.message).toMatch(expected)
    }
  })
})
