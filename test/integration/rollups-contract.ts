// What the intraday rollups promise (migration 20261203000020), on whichever Postgres runs them: finished
// inbound calls summed into their queue's quarter hours exactly as the console counts them, checks into hours
// and days, corrections moving a contribution, deletes (retention) leaving it, members reading their own org's
// rows only, nobody writing them but the triggers and service_role, and pruning by age.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queueStats } from '../../src/shared/domain/queue-stats'
import { finishedCallQuarters, intradaySeries } from '../../src/shared/domain/intervals'
import { parseRow } from '../../src/shared/domain/tables'
import type { Call, Queue, QueueInterval } from '../../src/shared/domain/rows'
import { feed, member, outcome, type DatabaseUnderTest, type Row } from './database-contract-fixture'

const Q = Date.parse('2030-01-07T09:00:00Z')
const at = (minutes: number, seconds = 0) => new Date(Q + minutes * 60_000 + seconds * 1000).toISOString()
const H = Date.parse('2030-01-07T23:00:00Z')

/** Rows as PostgREST would send them (JSON numbers and ISO strings), through the console's own parser. */
function parsed<T extends 'calls' | 'queues' | 'queue_intervals'>(table: T, rows: Row[]) {
  return rows.map((r) => {
    const json = JSON.parse(
      JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)),
    ) as Record<string, unknown>
    for (const [k, v] of Object.entries(json))
      if (typeof v === 'string' && /^-?\d+$/.test(v)) json[k] = Number(v)
    if (typeof json.sla_target_percent === 'string') json.sla_target_percent = Number(json.sla_target_percent)
    const result = parseRow(table, json)
    if (!result.ok) throw new Error(result.error)
    return result.value
  })
}

export function rollupsContract(open: () => Promise<DatabaseUnderTest>): void {
  let db: DatabaseUnderTest
  const sums = (queue: string) =>
    db.admin(
      `select to_char(interval_start at time zone 'UTC', 'HH24:MI') as q, offered, answered, answered_within as within,
              abandoned, short_abandoned as short, answer_ms::int, handled, handle_ms::int, wait_ms::int
         from public.queue_intervals where queue_id = $1 order by interval_start`,
      [queue],
    )

  async function org(): Promise<string> {
    return String(
      (await db.as(feed, `insert into public.orgs (name) values ('Org') returning id::text`))[0]!.id,
    )
  }
  async function queue(orgId: string, name = 'Support'): Promise<string> {
    const rows = await db.as(
      feed,
      `insert into public.queues (org_id, name, sla_target_seconds) values ($1, $2, 20) returning id::text`,
      [orgId, name],
    )
    return String(rows[0]!.id)
  }
  async function call(orgId: string, fields: Record<string, unknown>): Promise<string> {
    const cols = Object.keys(fields)
    const rows = await db.as(
      feed,
      `insert into public.calls (org_id, ${cols.join(', ')}) values ($1, ${cols.map((_, i) => `$${i + 2}`).join(', ')})
       returning id::text`,
      [orgId, ...Object.values(fields)],
    )
    return String(rows[0]!.id)
  }
  const finished = (q: string, status: string, queued: string, answered: string | null, ended: string) => ({
    queue_id: q,
    status,
    queued_at: queued,
    answered_at: answered,
    ended_at: ended,
    status_changed_at: ended,
  })

  beforeAll(async () => {
    db = await open()
  }, 120_000)
  afterAll(() => db?.close())

  describe('queue_intervals', () => {
    it('sums finished inbound calls into their quarter hours as the console counts them', async () => {
      const o = await org()
      const q = await queue(o)
      await call(o, finished(q, 'completed', at(1), at(1, 10), at(4, 10))) // within, ASA 10 s, handled 180 s
      await call(o, finished(q, 'completed', at(2), at(2, 40), at(3, 40))) // late
      await call(o, finished(q, 'abandoned', at(14), null, at(16))) // waited across two quarter hours
      await call(o, finished(q, 'abandoned', at(5), null, at(5, 3))) // a short abandon
      await call(o, finished(q, 'failed', at(7), null, at(7, 30))) // never counted
      await call(o, { ...finished(q, 'completed', at(8), at(8, 5), at(9)), direction: 'outbound' })
      await call(o, finished(null as never, 'completed', at(8), at(8, 5), at(9)))
      // Step by step, one statement each, as a feed or the simulator writes a call's life.
      const h = await call(o, { queue_id: q, status: 'queued', queued_at: at(6), status_changed_at: at(6) })
      for (const [status, extra] of [
        ['ringing', {}],
        ['active', { answered_at: at(6, 15) }],
        ['wrap_up', { ended_at: at(9) }],
        ['completed', {}],
      ] as const) {
        const sets = Object.keys(extra).map((k, i) => `, ${k} = $${i + 3}`)
        await db.as(feed, `update public.calls set status = $2${sets.join('')} where id = $1`, [
          h,
          status,
          ...Object.values(extra),
        ])
        // Nothing until it has finished.
        if (status !== 'completed') expect((await sums(q))[0]!.offered).toBe(4)
      }
      expect(await sums(q)).toEqual([
        {
          q: '09:00',
          offered: 5,
          answered: 3,
          within: 2,
          abandoned: 1,
          short: 1,
          answer_ms: 10_000 + 40_000 + 15_000,
          handled: 3,
          handle_ms: 180_000 + 60_000 + 165_000,
          wait_ms: 10_000 + 40_000 + 60_000 + 3_000 + 15_000,
        },
        {
          q: '09:15',
          offered: 0,
          answered: 0,
          within: 0,
          abandoned: 0,
          short: 0,
          answer_ms: 0,
          handled: 0,
          handle_ms: 0,
          wait_ms: 60_000,
        },
      ])

      // The console's figures from the rollups equal its figures from every call.
      const [queueRow] = parsed('queues', await db.admin('select * from public.queues where id = $1', [q]))
      const calls = parsed(
        'calls',
        await db.admin('select * from public.calls where org_id = $1', [o]),
      ) as Call[]
      const intervals = parsed(
        'queue_intervals',
        await db.admin('select * from public.queue_intervals where queue_id = $1', [q]),
      ) as QueueInterval[]
      const now = Q + 20 * 60_000
      const fromCalls = queueStats(queueRow as Queue, calls, now)
      const fromRollups = queueStats(queueRow as Queue, [], now, { intervals })
      expect({ ...fromRollups, periodStart: 0 }).toEqual({ ...fromCalls, periodStart: 0 })
      expect(fromRollups).toMatchObject({ offered: 5, answered: 3, abandoned: 1, shortAbandoned: 1 })
      // The backfill sums calls in TypeScript by the same definitions: the same rows.
      const byQuarter = new Map<number, Record<string, number>>()
      for (const c of calls.filter((x) => x.queue_id === q)) {
        const ms = (v: string | null) => (v === null ? null : Date.parse(v))
        const quarters = finishedCallQuarters(
          {
            status: c.status,
            direction: c.direction,
            queuedAt: Date.parse(c.queued_at),
            answeredAt: ms(c.answered_at),
            endedAt: ms(c.ended_at),
            statusChangedAt: Date.parse(c.status_changed_at),
          },
          20,
        )
        for (const { start, ...sums } of quarters) {
          const acc = byQuarter.get(start) ?? {}
          for (const [k, v] of Object.entries(sums)) acc[k] = (acc[k] ?? 0) + v
          byQuarter.set(start, acc)
        }
      }
      expect([...byQuarter].sort(([a], [b]) => a - b).map(([, v]) => v)).toEqual(
        intervals
          .sort((a, b) => a.interval_start.localeCompare(b.interval_start))
          .map((i) => ({
            offered: i.offered,
            answered: i.answered,
            answered_within: i.answered_within,
            abandoned: i.abandoned,
            short_abandoned: i.short_abandoned,
            answer_ms: i.answer_ms,
            handled: i.handled,
            handle_ms: i.handle_ms,
            wait_ms: i.wait_ms,
          })),
      )
      const series = intradaySeries(queueRow as Queue, intervals, [], now)
      expect(series.slice(-2).map((p) => [p.offered, p.averageWaiting])).toEqual([
        [5, 128_000 / 900_000],
        [0, 60_000 / (5 * 60_000)],
      ])
    })

    it('moves a contribution when a finished call is corrected, and keeps it when the call is deleted', async () => {
      const o = await org()
      const [a, b] = [await queue(o, 'A'), await queue(o, 'B')]
      const late = await call(o, finished(a, 'completed', at(1), at(1, 40), at(2)))
      const other = await call(o, finished(a, 'completed', at(3), at(3, 5), at(4)))
      const row = async (q: string) => (await sums(q))[0] ?? null
      expect(await row(a)).toMatchObject({ offered: 2, within: 1, answer_ms: 45_000, wait_ms: 45_000 })
      await db.as(feed, `update public.calls set answered_at = $2 where id = $1`, [late, at(1, 10)])
      expect(await row(a)).toMatchObject({ offered: 2, within: 2, answer_ms: 15_000, wait_ms: 15_000 })
      await db.as(feed, `update public.calls set queue_id = $2 where id = $1`, [other, b])
      expect(await row(a)).toMatchObject({ offered: 1, within: 1, answer_ms: 10_000 })
      expect(await row(b)).toMatchObject({ offered: 1, within: 1, answer_ms: 5_000 })
      // Back to work in progress takes it back; deleting it (retention) does not.
      await db.as(feed, `update public.calls set status = 'active', ended_at = null where id = $1`, [other])
      expect(await row(b)).toMatchObject({ offered: 0, answered: 0 })
      await db.as(feed, `delete from public.calls where id = $1`, [late])
      expect(await row(a)).toMatchObject({ offered: 1, within: 1 })
      // Hundreds of calls in one statement: one rollup per quarter hour, exact sums.
      const many = Array.from({ length: 300 }, (_, i) =>
        finished(b, 'completed', at(i % 60), at(i % 60, 9), at(i % 60, 99)),
      )
      await db.as(
        feed,
        `insert into public.calls (org_id, queue_id, status, queued_at, answered_at, ended_at, status_changed_at)
         select $1, queue_id, status, queued_at, answered_at, ended_at, status_changed_at
           from jsonb_to_recordset($2::jsonb) as x(queue_id uuid, status text, queued_at timestamptz,
                answered_at timestamptz, ended_at timestamptz, status_changed_at timestamptz)`,
        [o, JSON.stringify(many)],
      )
      const rows = await sums(b)
      expect(rows.map((r) => [r.q, r.offered, r.within, r.handle_ms])).toEqual([
        ['09:00', 75, 75, 75 * 90_000],
        ['09:15', 75, 75, 75 * 90_000],
        ['09:30', 75, 75, 75 * 90_000],
        ['09:45', 75, 75, 75 * 90_000],
      ])
    })
  })

  describe('monitor_rollups', () => {
    it('sums checks into UTC hours and days, and moves a corrected check', async () => {
      const o = await org()
      const m = String(
        (
          await db.as(
            feed,
            `insert into public.monitors (org_id, name, interval_seconds) values ($1, 'SIP', 10) returning id::text`,
            [o],
          )
        )[0]!.id,
      )
      const beat = async (status: string, ping: number | null, ms: number) =>
        String(
          (
            await db.as(
              feed,
              `insert into public.heartbeats (org_id, monitor_id, status, ping_ms, checked_at)
               values ($1, $2, $3, $4, $5) returning id::text`,
              [o, m, status, ping, new Date(ms).toISOString()],
            )
          )[0]!.id,
        )
      const ok = await beat('up', 20, H + 10 * 60_000)
      await beat('down', null, H + 20 * 60_000)
      await beat('degraded', 900, H + 59 * 60_000 + 59_999)
      await beat('up', 30, H + 60 * 60_000) // the next day, UTC
      const rows = () =>
        db.admin(
          `select span, to_char(bucket_start at time zone 'UTC', 'MM-DD HH24') as b, checks, down, degraded,
                  ping_ms_total::int as ping, pinged
             from public.monitor_rollups where monitor_id = $1 order by span, bucket_start`,
          [m],
        )
      expect(await rows()).toEqual([
        { span: 'day', b: '01-07 00', checks: 3, down: 1, degraded: 1, ping: 920, pinged: 2 },
        { span: 'day', b: '01-08 00', checks: 1, down: 0, degraded: 0, ping: 30, pinged: 1 },
        { span: 'hour', b: '01-07 23', checks: 3, down: 1, degraded: 1, ping: 920, pinged: 2 },
        { span: 'hour', b: '01-08 00', checks: 1, down: 0, degraded: 0, ping: 30, pinged: 1 },
      ])
      await db.as(feed, `update public.heartbeats set status = 'down', ping_ms = null where id = $1`, [ok])
      await db.as(feed, `delete from public.heartbeats where monitor_id = $1`, [m])
      expect((await rows()).map((r) => [r.b, r.checks, r.down, r.ping])).toEqual([
        ['01-07 00', 3, 2, 900],
        ['01-08 00', 1, 0, 30],
        ['01-07 23', 3, 2, 900],
        ['01-08 00', 1, 0, 30],
      ])
    })
  })

  describe('access and retention', () => {
    it('shows members their own org’s rollups only; only the triggers and service_role write them', async () => {
      const [a, b] = [await org(), await org()]
      const users = []
      for (const o of [a, b]) {
        const id = String(
          (
            await db.admin(
              `insert into auth.users (id, email) values (gen_random_uuid(), gen_random_uuid() || '@example.test')
               returning id::text`,
            )
          )[0]!.id,
        )
        await db.as(feed, `insert into public.memberships (org_id, user_id, role) values ($1, $2, 'admin')`, [
          o,
          id,
        ])
        users.push(id)
        const q = await queue(o)
        await call(o, finished(q, 'completed', at(1), at(1, 5), at(2)))
      }
      const mine = await db.as(member(users[0]!), 'select org_id::text from public.queue_intervals')
      expect(mine).toEqual([{ org_id: a }])
      expect(await outcome(db.as({ role: 'anon' }, 'select * from public.queue_intervals'))).toBe(
        '42501: permission denied for table queue_intervals',
      )
      expect(
        await outcome(
          db.as(member(users[0]!), `update public.queue_intervals set offered = 99 where org_id = $1`, [a]),
        ),
      ).toBe('42501: permission denied for table queue_intervals')
      expect(await outcome(db.as(member(users[0]!), 'select * from public.monitor_rollups'))).toBe('ok')
      expect(await outcome(db.as(member(users[0]!), 'select public.floor_prune_rollups()'))).toBe(
        '42501: permission denied for function floor_prune_rollups',
      )
    })

    it('prunes quarter hours and hours older than two days and days older than 32', async () => {
      const o = await org()
      const q = await queue(o)
      const m = String(
        (
          await db.as(
            feed,
            `insert into public.monitors (org_id, name) values ($1, 'IVR') returning id::text`,
            [o],
          )
        )[0]!.id,
      )
      const ago = (hours: number) =>
        `date_bin('1 hour', now() - interval '${hours} hours', timestamptz '2000-01-01 00:00:00+00')`
      await db.as(
        feed,
        `insert into public.queue_intervals (org_id, queue_id, interval_start, offered)
         values ($1, $2, ${ago(49)}, 1), ($1, $2, ${ago(47)}, 1)`,
        [o, q],
      )
      await db.as(
        feed,
        `insert into public.monitor_rollups (org_id, monitor_id, span, bucket_start, checks) values
           ($1, $2, 'hour', ${ago(49)}, 1), ($1, $2, 'hour', ${ago(47)}, 1),
           ($1, $2, 'day', date_trunc('day', now() - interval '33 days', 'UTC'), 1),
           ($1, $2, 'day', date_trunc('day', now() - interval '31 days', 'UTC'), 1)`,
        [o, m],
      )
      const left = async () =>
        Number(
          (
            await db.admin(
              `select (select count(*) from public.queue_intervals where org_id = $1)
                    + (select count(*) from public.monitor_rollups where org_id = $1) as n`,
              [o],
            )
          )[0]!.n,
        )
      expect(await left()).toBe(6)
      await db.as(feed, 'select public.floor_prune_rollups()')
      expect(await left()).toBe(3)
      // Each pruned row left a tombstone, so a console catching up drops it too.
      const tombstones = await db.admin(
        `select table_name, count(*)::int as n from public.tombstones where org_id = $1 group by 1 order by 1`,
        [o],
      )
      expect(tombstones).toEqual([
        { table_name: 'monitor_rollups', n: 2 },
        { table_name: 'queue_intervals', n: 1 },
      ])
    })
  })
}
