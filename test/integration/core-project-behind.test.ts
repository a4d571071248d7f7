// A real project whose migrations are older than the console: a table the console streams is not in the
// supabase_realtime publication. Realtime refuses the change subscription; the console says which table and
// what to do, keeps retrying, and goes LIVE by itself once the table is published.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Console } from '../../src/main/core/console'
import type { Backend } from '../../src/main/embedded/backend'
import { eventually, testBackend } from '../helpers/backend'
import { engineFor, stateIs } from './core-fixtures'

let backend: Backend
let engine: Console

beforeAll(async () => {
  backend = await testBackend()
  await backend.ctx.db.query('alter publication supabase_realtime drop table public.queue_intervals')
  engine = engineFor(backend, { machine: { channel: { maxErrors: 3, baseMs: 200, capMs: 1_000 } } })
  await engine.start()
})

afterAll(async () => {
  await engine?.stop()
  await backend?.stop()
})

describe('a project behind on migrations', () => {
  it('names the table Realtime does not stream and what to do, then goes LIVE once it is published', async () => {
    await eventually(
      () => /does not stream table queue_intervals/.test(engine.health().reason),
      15_000,
      'the reason naming the table',
    )
    expect(engine.health()).toMatchObject({
      state: 'CONNECTING',
      reason: expect.stringContaining('supabase db push'),
    })
    await backend.ctx.db.query('alter publication supabase_realtime add table public.queue_intervals')
    await eventually(() => stateIs(engine, 'LIVE'), 30_000, 'LIVE once the table is published')
  })
})
