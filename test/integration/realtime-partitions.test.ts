// realtime.messages is partitioned by day as on hosted Realtime: the embedded janitor keeps partitions from
// yesterday to three days ahead and drops those older than three days.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Database } from '../../src/main/embedded/db/database'

let db: Database
beforeAll(async () => {
  db = await Database.open()
})
afterAll(() => db?.close())

const partitions = async () =>
  (
    await db.query<{ name: string }>(
      `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'realtime.messages'::regclass order by 1`,
    )
  ).rows.map((r) => r.name)
const day = (offset: number) => {
  const d = new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
  return `messages_${d.replace(/-/g, '_')}`
}

it('has partitions from yesterday to three days ahead once open', async () => {
  expect(await partitions()).toEqual([-1, 0, 1, 2, 3].map(day))
})

it('creates the coming days and drops days older than three as time passes', async () => {
  await db.query(`select _realtime.maintain_messages(((now() at time zone 'utc')::date + 5))`)
  // Day +5 keeps +2 … +8; yesterday, today and tomorrow are older than three days then.
  expect(await partitions()).toEqual([2, 3, 4, 5, 6, 7, 8].map(day))
})
