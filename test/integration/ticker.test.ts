// The server tick: each org's floor topic hears `tick` with the server time, so consoles can detect a dead
// feed on a quiet floor.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Backend } from '../../src/main/embedded/backend'
import { client, eventually, testBackend } from '../helpers/backend'

let backend: Backend
beforeAll(async () => {
  backend = await testBackend({ tickIntervalMs: 100 })
})
afterAll(() => backend?.stop())

it('broadcasts a tick with the server time on floor:<orgId> at the configured interval', async () => {
  const org = await backend.ctx.db.query<{ id: string }>('select id from public.orgs order by name limit 1')
  const sb = client(backend)
  const ticks: { at: string; interval_ms: number }[] = []
  sb.channel(`floor:${org.rows[0]!.id}`)
    .on('broadcast', { event: 'tick' }, (msg) =>
      ticks.push(msg.payload as { at: string; interval_ms: number }),
    )
    .subscribe()
  await eventually(() => ticks.length >= 3, 10_000, 'three ticks')
  expect(ticks[0]!.interval_ms).toBe(100)
  expect(Date.parse(ticks[2]!.at)).toBeGreaterThan(Date.parse(ticks[0]!.at))
  await sb.removeAllChannels()
})
