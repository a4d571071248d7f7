// /rpc where PostgREST decides something Postgres alone would decide differently: `max-affected` under
// `handling=strict` (PGRST124 and a rollback, PGRST128 for a single value), overloaded functions (PGRST203 with
// status 300 instead of Postgres picking or failing), and `count` on a function returning one value; and the
// API roles' statement timeouts, which the embedded database enforces after the fact (db/statement-timeout.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Backend } from '../../src/main/embedded/backend'
import { client, testBackend } from '../helpers/backend'
import { rawRest } from './rest-fixtures'

let backend: Backend

beforeAll(async () => {
  backend = await testBackend({ demo: false })
  await backend.ctx.db.exec(`
    create table public.pg_items (id int primary key);
    insert into public.pg_items select generate_series(1, 5);
    create function public.pg_purge(above int default 0) returns setof public.pg_items language sql
      as $$ delete from public.pg_items where id > above returning * $$;
    create function public.pg_count_items() returns int language sql as $$ select count(*)::int from public.pg_items $$;
    create function public.pg_twin(a int) returns text language sql as $$ select 'int' $$;
    create function public.pg_twin(a text) returns text language sql as $$ select 'text' $$;
    create function public.pg_opt(a int) returns text language sql as $$ select 'one' $$;
    create function public.pg_opt(a int, b int default 0) returns text language sql as $$ select 'two' $$;
    create function public.pg_arity(a int) returns text language sql as $$ select 'a' $$;
    create function public.pg_arity(a int, b int) returns text language sql as $$ select 'a, b' $$;
    create type public.pg_point as (x int, y int);
    create function public.pg_origin() returns public.pg_point language sql as $$ select (10, 5)::public.pg_point $$;
    create function public.pg_slow_insert(seconds float8) returns int language sql as $$
      insert into public.pg_items values (100); select pg_sleep(seconds); select count(*)::int from public.pg_items $$;
    grant select, insert on public.pg_items to anon;
    grant execute on function public.pg_slow_insert(float8) to anon;`)
})
afterAll(() => backend?.stop())

const strict = (n: number) => ({
  Prefer: `handling=strict, max-affected=${n}`,
  'Content-Type': 'application/json',
})

describe('max-affected on /rpc', () => {
  it('answers PGRST124 and rolls back when a set-returning function touches more rows than allowed', async () => {
    const res = await rawRest(backend, 'rpc/pg_purge', {
      method: 'POST',
      headers: strict(2),
      body: '{"above":1}',
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      code: 'PGRST124',
      details: 'The query affects 4 rows',
      hint: null,
      message: 'Query result exceeds max-affected preference constraint',
    })
    expect((await client(backend, backend.serviceRoleKey).rpc('pg_count_items')).data).toBe(5)
    const ok = await rawRest(backend, 'rpc/pg_purge', {
      method: 'POST',
      headers: strict(2),
      body: '{"above":3}',
    })
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual([{ id: 4 }, { id: 5 }])
  })

  it('ignores max-affected without handling=strict, as PostgREST does', async () => {
    const res = await rawRest(backend, 'rpc/pg_purge', {
      method: 'POST',
      headers: { Prefer: 'max-affected=0', 'Content-Type': 'application/json' },
      body: '{"above":2}',
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual([{ id: 3 }])
    expect((await client(backend, backend.serviceRoleKey).rpc('pg_count_items')).data).toBe(2)
  })

  it('refuses it for a function returning one value, before running it (PGRST128)', async () => {
    const res = await rawRest(backend, 'rpc/pg_count_items', {
      method: 'POST',
      headers: strict(1),
      body: '{}',
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({
      code: 'PGRST128',
      message:
        'Function must return SETOF or TABLE when max-affected preference is used with handling=strict',
    })
  })
})

describe('overloaded functions', () => {
  it('answers 300 PGRST203 when several overloads fit the argument names', async () => {
    const sb = client(backend, backend.serviceRoleKey)
    const twin = await sb.rpc('pg_twin', { a: 1 })
    expect(twin.status).toBe(300)
    expect(twin.error).toMatchObject({
      code: 'PGRST203',
      message:
        'Could not choose the best candidate function between: public.pg_twin(a => integer), public.pg_twin(a => text)',
      hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
    })
    // Postgres alone would call one of these (or fail with 42725); PostgREST refuses to guess.
    expect((await sb.rpc('pg_opt', { a: 1 })).error).toMatchObject({ code: 'PGRST203' })
    expect((await sb.rpc('pg_opt', { a: 1 }, { get: true })).status).toBe(300)
  })

  it('picks the one overload whose required arguments are exactly the names given', async () => {
    const sb = client(backend, backend.serviceRoleKey)
    expect((await sb.rpc('pg_arity', { a: 1 })).data).toBe('a')
    expect((await sb.rpc('pg_arity', { a: 1, b: 2 })).data).toBe('a, b')
    expect((await sb.rpc('pg_opt', { a: 1, b: 2 })).data).toBe('two')
    expect((await sb.rpc('pg_arity', { b: 2 })).error).toMatchObject({ code: 'PGRST202' })
  })
})

describe('count on a function returning one value', () => {
  it('counts the one row, as PostgREST does', async () => {
    const sb = client(backend, backend.serviceRoleKey)
    const res = await sb.rpc('pg_count_items', {}, { count: 'exact' })
    expect(res.error).toBeNull()
    expect(res.count).toBe(1)
    const raw = await rawRest(backend, 'rpc/pg_count_items', { method: 'POST', body: '{}' })
    expect(raw.headers.get('content-range')).toBe('0-0/*')
  })

  it('counts the one object of a function returning one composite value', async () => {
    const res = await client(backend, backend.serviceRoleKey).rpc('pg_origin', {}, { count: 'exact' })
    expect(res.error).toBeNull()
    expect(res.data).toEqual({ x: 10, y: 5 })
    expect(res.count).toBe(1)
  })
})

describe('statement timeouts', () => {
  it('cancels an anon request past 3 s with 57014 and keeps none of its writes; a quick one commits', async () => {
    const anon = client(backend)
    const before = (await client(backend, backend.serviceRoleKey).rpc('pg_count_items')).data as number
    const slow = await anon.rpc('pg_slow_insert', { seconds: 3.2 })
    expect(slow.status).toBe(500)
    expect(slow.error).toMatchObject({
      code: '57014',
      message: 'canceling statement due to statement timeout',
    })
    expect((await client(backend, backend.serviceRoleKey).rpc('pg_count_items')).data).toBe(before)
    const quick = await anon.rpc('pg_slow_insert', { seconds: 0 })
    expect(quick).toMatchObject({ status: 200, data: before + 1 })
  }, 15_000)
})
