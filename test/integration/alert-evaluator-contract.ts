// What the alert evaluator (public.floor_evaluate_alerts, migrations 20261202000010/11) promises, on whichever
// Postgres runs it: hysteresis both ways, one alert per (rule, subject) however many evaluators run at once,
// escalation of unacknowledged criticals, clearing, and who acted on every event. Each test has its own org;
// times are relative to one instant t0 and passed to the evaluator, so nothing waits on a real clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { feed, member, outcome, type DatabaseUnderTest, type Row } from './database-contract-fixture'

export interface EvaluatorDatabase extends DatabaseUnderTest {
  /** Runs `sql` as service_role in `n` transactions at once, each on its own connection where it can. */
  concurrently(n: number, sql: string, params: unknown[]): Promise<Row[][]>
}

const EVALUATE = 'select public.floor_evaluate_alerts($1::timestamptz) as n'

export function alertEvaluatorContract(open: () => Promise<EvaluatorDatabase>): void {
  let db: EvaluatorDatabase
  let t0: number
  const at = (s: number) => new Date(t0 + s * 1000).toISOString()
  const evaluate = async (s: number) => Number((await db.as(feed, EVALUATE, [at(s)]))[0]!.n)

  async function newOrg(): Promise<string> {
    const rows = await db.as(feed, `insert into public.orgs (name) values ('Org') returning id::text`)
    return String(rows[0]!.id)
  }
  async function queue(org: string, name = 'Sales'): Promise<string> {
    const rows = await db.as(
      feed,
      `insert into public.queues (org_id, name) values ($1, $2) returning id::text`,
      [org, name],
    )
    return String(rows[0]!.id)
  }
  async function rule(org: string, kind: string, threshold: number, extra: Record<string, unknown> = {}) {
    const o: Record<string, unknown> = {
      severity: 'warning',
      raise_after_seconds: 30,
      clear_after_seconds: 60,
      ...extra,
    }
    const rows = await db.as(
      feed,
      `insert into public.alert_rules (org_id, name, kind, threshold, severity, raise_after_seconds,
         clear_after_seconds, escalate_after_minutes, params)
       values ($1, $2, $2, $3, $4, $5, $6, $7, $8) returning id::text`,
      [
        org,
        kind,
        threshold,
        o.severity,
        o.raise_after_seconds,
        o.clear_after_seconds,
        o.escalate_after_minutes ?? null,
        JSON.stringify(o.params ?? {}),
      ],
    )
    return String(rows[0]!.id)
  }
  async function waitingCall(org: string, q: string, queuedAt: number): Promise<string> {
    const rows = await db.as(
      feed,
      `insert into public.calls (org_id, queue_id, status, queued_at) values ($1, $2, 'queued', $3) returning id::text`,
      [org, q, at(queuedAt)],
    )
    return String(rows[0]!.id)
  }
  const alerts = (org: string) =>
    db.admin(
      `select id::text, status, title, body, severity, dedupe_key, escalated_at from public.alerts
        where org_id = $1 order by raised_at, id`,
      [org],
    )
  const events = (org: string) =>
    db
      .admin(
        `select kind, actor_kind, actor_name, comment from public.alert_events where org_id = $1 order by at, seq`,
        [org],
      )
      .then((rows) => rows.map((r) => `${r.kind} by ${r.actor_kind}:${r.actor_name}`))

  beforeAll(async () => {
    db = await open()
    t0 = new Date(String((await db.admin(`select date_trunc('second', now()) as t`))[0]!.t)).getTime()
  }, 120_000)
  afterAll(() => db?.close())

  describe('alert evaluator', () => {
    it('raises only after the condition held for the raise duration, and a broken streak starts over', async () => {
      const org = await newOrg()
      const q = await queue(org)
      await rule(org, 'queue_wait', 60)
      const call = await waitingCall(org, q, -61)
      expect(await evaluate(0)).toBe(0)
      expect(await evaluate(29)).toBe(0)
      expect(await alerts(org)).toEqual([])
      // Answered at 29 s, so the streak breaks; a new caller waits over a minute from 40 s.
      await db.as(feed, `update public.calls set status = 'active', answered_at = $2 where id = $1`, [
        call,
        at(29),
      ])
      await waitingCall(org, q, -25)
      expect(await evaluate(31)).toBe(0)
      expect(await evaluate(40)).toBe(0)
      expect(await evaluate(69)).toBe(0)
      expect(await evaluate(70)).toBe(1)
      const [alert] = await alerts(org)
      expect(alert).toMatchObject({ status: 'open', title: 'Longest wait in Sales over 60 s' })
      expect(alert!.body).toBe('A caller has waited 95 s.')
      expect(await events(org)).toEqual(['raise by system:Alert rules'])
    })

    it('raises one alert when evaluators run at the same time', async () => {
      const org = await newOrg()
      const q = await queue(org)
      await rule(org, 'queue_wait', 60, { raise_after_seconds: 0 })
      await waitingCall(org, q, -120)
      await waitingCall(org, q, -90)
      const results = await db.concurrently(6, EVALUATE, [at(0)])
      expect(results.map((r) => Number(r[0]!.n) >= 0)).toEqual([true, true, true, true, true, true])
      expect((await alerts(org)).length).toBe(1)
      expect(await events(org)).toEqual(['raise by system:Alert rules'])
      // And again later: the open alert is the condition's alert, nothing new.
      await db.concurrently(3, EVALUATE, [at(30)])
      expect((await alerts(org)).length).toBe(1)
    })

    it('keeps one open alert per dedupe key in the table itself, and says why a reopen is refused', async () => {
      const org = await newOrg()
      const insert = (status: string) =>
        db.as(
          feed,
          `insert into public.alerts (org_id, severity, title, status, dedupe_key)
           values ($1, 'warning', 'x', $2, 'rule/subject') returning id::text`,
          [org, status],
        )
      const old = String((await insert('resolved'))[0]!.id)
      await insert('open')
      expect(await outcome(insert('acknowledged'))).toMatch(
        /^23505: duplicate key value .*alerts_open_dedupe_idx/,
      )
      const user = await supervisor(org)
      expect(
        await outcome(db.as(member(user), `select public.alert_action($1::uuid, 'reopen')`, [old])),
      ).toBe('23505: a newer alert for the same rule and subject is open')
    })

    it('clears after the condition is gone for the clear duration, and a new breach raises anew', async () => {
      const org = await newOrg()
      const q = await queue(org)
      await rule(org, 'queue_depth', 1, { raise_after_seconds: 0, clear_after_seconds: 60 })
      const calls = [await waitingCall(org, q, -5), await waitingCall(org, q, -3)]
      expect(await evaluate(0)).toBe(1)
      await db.as(feed, `update public.calls set status = 'abandoned', ended_at = $2 where id = $1`, [
        calls[0],
        at(5),
      ])
      expect(await evaluate(10)).toBe(0)
      // Back over the threshold at 30 s: the clear timer restarts.
      const third = await waitingCall(org, q, 25)
      expect(await evaluate(30)).toBe(0)
      await db.as(feed, `update public.calls set status = 'abandoned', ended_at = $2 where id = $1`, [
        third,
        at(35),
      ])
      expect(await evaluate(40)).toBe(0)
      expect(await evaluate(99)).toBe(0)
      expect((await alerts(org))[0]!.status).toBe('open')
      expect(await evaluate(100)).toBe(1)
      expect((await alerts(org))[0]!.status).toBe('resolved')
      expect(await events(org)).toEqual(['raise by system:Alert rules', 'resolve by system:Alert rules'])
      await waitingCall(org, q, 110)
      expect(await evaluate(120)).toBe(1)
      const list = await alerts(org)
      expect(list.map((a) => a.status)).toEqual(['resolved', 'open'])
      expect(list[0]!.dedupe_key).toBe(list[1]!.dedupe_key)
    })

    it('escalates an unacknowledged critical once, and never an acknowledged one', async () => {
      const org = await newOrg()
      const other = await newOrg()
      for (const o of [org, other]) {
        await rule(o, 'queue_wait', 10, {
          severity: 'critical',
          raise_after_seconds: 0,
          escalate_after_minutes: 5,
        })
        await waitingCall(o, await queue(o), -20)
        await db.as(feed, EVALUATE, [at(0)])
      }
      const user = await supervisor(other)
      const otherAlert = (await alerts(other))[0]!.id
      await db.as(member(user), `select public.alert_action($1::uuid, 'ack')`, [otherAlert])
      await evaluate(299)
      expect((await alerts(org))[0]!.escalated_at).toBeNull()
      await evaluate(300)
      await evaluate(600)
      expect((await alerts(org))[0]!.escalated_at).not.toBeNull()
      expect(await events(org)).toEqual(['raise by system:Alert rules', 'escalate by system:Alert rules'])
      expect((await alerts(other))[0]!.escalated_at).toBeNull()
      expect(await events(other)).toEqual(['raise by system:Alert rules', 'ack by user:Sam Supervisor'])
    })

    it('reopens a snoozed alert when its snooze ends, as the system', async () => {
      const org = await newOrg()
      await rule(org, 'queue_wait', 10, { raise_after_seconds: 0 })
      await waitingCall(org, await queue(org), -20)
      await evaluate(0)
      const user = await supervisor(org)
      const id = (await alerts(org))[0]!.id
      const until = new Date(Date.now() + 120_000).toISOString()
      await db.as(member(user), `select public.alert_action($1::uuid, 'snooze', null, $2)`, [id, until])
      await db.as(feed, EVALUATE, [new Date(Date.parse(until) - 1000).toISOString()])
      expect((await alerts(org))[0]!.status).toBe('snoozed')
      await db.as(feed, EVALUATE, [until])
      expect((await alerts(org))[0]!.status).toBe('open')
      expect(await events(org)).toEqual([
        'raise by system:Alert rules',
        'snooze by user:Sam Supervisor',
        'reopen by system:Alert rules',
      ])
    })

    it('lets only service_role run it', async () => {
      const org = await newOrg()
      const user = await supervisor(org)
      expect(await outcome(db.as(member(user), EVALUATE, [at(0)]))).toBe(
        '42501: permission denied for function floor_evaluate_alerts',
      )
      expect(await outcome(db.as({ role: 'anon' }, EVALUATE, [at(0)]))).toBe(
        '42501: permission denied for function floor_evaluate_alerts',
      )
    })
  })

  describe(
    'alert evaluator rule kinds',
    kindTests(() => ({ db, at, evaluate, newOrg, queue, rule, alerts })),
  )

  async function supervisor(org: string): Promise<string> {
    const rows = await db.admin(
      `insert into auth.users (id, email, raw_user_meta_data) values (gen_random_uuid(), gen_random_uuid() || '@example.test',
         '{"name": "Sam Supervisor"}') returning id::text`,
    )
    const id = String(rows[0]!.id)
    await db.as(
      feed,
      `insert into public.memberships (org_id, user_id, role) values ($1, $2, 'supervisor')`,
      [org, id],
    )
    return id
  }
}

interface Kit {
  db: EvaluatorDatabase
  at(s: number): string
  evaluate(s: number): Promise<number>
  newOrg(): Promise<string>
  queue(org: string, name?: string): Promise<string>
  rule(org: string, kind: string, threshold: number, extra?: Record<string, unknown>): Promise<string>
  alerts(org: string): Promise<Row[]>
}

function kindTests(kit: () => Kit) {
  return () => {
    it('judges queues by today’s service level, abandon rate and calls waiting', async () => {
      const { db, at, evaluate, newOrg, queue, rule, alerts } = kit()
      const org = await newOrg()
      const q = await queue(org, 'Support')
      const now = { raise_after_seconds: 0 }
      await rule(org, 'service_level', 80, now)
      await rule(org, 'abandon_rate', 20, now)
      await rule(org, 'queue_depth', 2, now)
      // Ten concluded calls: 7 answered within 20 s, 1 late, 2 abandoned after a long wait, plus a short abandon.
      const insert = (status: string, wait: number, answered: boolean) =>
        db.as(
          feed,
          `insert into public.calls (org_id, queue_id, status, queued_at, answered_at, ended_at)
           values ($1, $2, $3, $4, $5, $6)`,
          [
            org,
            q,
            status,
            at(-300),
            answered ? at(-300 + wait) : null,
            at(-300 + wait + (answered ? 60 : 0)),
          ],
        )
      for (let i = 0; i < 7; i++) await insert('completed', 10, true)
      await insert('completed', 40, true)
      await insert('abandoned', 60, false)
      await insert('abandoned', 60, false)
      await insert('abandoned', 2, false)
      await evaluate(0)
      // 70 % within target of 10 concluded calls; 20 % abandoned is not over 20 %; the 2 s abandon is not counted.
      expect((await alerts(org)).map((a) => `${a.title} | ${a.body}`)).toEqual([
        'Service level in Support under 80 % | Service level today is 70.0 % of 10 calls.',
      ])
      await insert('abandoned', 30, false)
      for (let i = 0; i < 3; i++)
        await db.as(feed, `insert into public.calls (org_id, queue_id, queued_at) values ($1, $2, $3)`, [
          org,
          q,
          at(-1),
        ])
      await evaluate(1)
      expect((await alerts(org)).map((a) => `${a.title} | ${a.body}`).sort()).toEqual([
        'Abandon rate in Support over 20 % | Abandon rate today is 27.3 % of 11 calls.',
        'Calls waiting in Support over 2 | 3 calls are waiting.',
        'Service level in Support under 80 % | Service level today is 70.0 % of 10 calls.',
      ])
    })

    it('judges today from the rollups after the calls are gone, or a recent window with params.window_minutes', async () => {
      const { db, at, evaluate, newOrg, queue, rule, alerts } = kit()
      const org = await newOrg()
      const q = await queue(org, 'Billing')
      // Today began six hours ago (on a quarter hour), whatever time the test runs.
      const reset = new Date(Math.floor((Date.parse(at(0)) - 6 * 3600_000) / 900_000) * 900_000)
      await db.as(feed, `update public.queues set daily_reset_time = $2 where id = $1`, [
        q,
        reset.toISOString().slice(11, 19),
      ])
      const now = { raise_after_seconds: 0 }
      await rule(org, 'service_level', 80, now)
      await rule(org, 'service_level', 80, { ...now, params: { window_minutes: 30 } })
      await rule(org, 'abandon_rate', 30, { ...now, params: { window_minutes: 30 } })
      await rule(org, 'abandon_rate', 30, { ...now, params: { window_minutes: 'soon' } })
      const insert = (minutesAgo: number, status: string, waited: number) =>
        db.as(
          feed,
          `insert into public.calls (org_id, queue_id, status, queued_at, answered_at, ended_at)
           values ($1, $2, $3, $4, $5, $6)`,
          [
            org,
            q,
            status,
            at(-minutesAgo * 60),
            status === 'completed' ? at(-minutesAgo * 60 + waited) : null,
            at(-minutesAgo * 60 + waited + 30),
          ],
        )
      // Three hours ago, 20 calls answered at once; in the last ten minutes, 4 answered late and 2 abandoned.
      for (let i = 0; i < 20; i++) await insert(180, 'completed', 5)
      for (let i = 0; i < 4; i++) await insert(10, 'completed', 45)
      for (let i = 0; i < 2; i++) await insert(10, 'abandoned', 40)
      // Finished calls are kept for an hour; the rollups for the day.
      await db.as(feed, `delete from public.calls where org_id = $1 and queued_at < $2`, [org, at(-3600)])
      await evaluate(0)
      // Today: 20 within target of 26 = 76.9 %; the last 30 minutes: none of 6, 2 abandoned = 33.3 %. The
      // malformed window means today, 7.7 %: not over 30 %.
      expect((await alerts(org)).map((a) => a.body).sort()).toEqual([
        'Abandon rate over the last 30 min is 33.3 % of 6 calls.',
        'Service level over the last 30 min is 0.0 % of 6 calls.',
        'Service level today is 76.9 % of 26 calls.',
      ])
    })

    it('judges agents idle and on a break past their limits', async () => {
      const { db, at, evaluate, newOrg, rule, alerts } = kit()
      const org = await newOrg()
      await rule(org, 'agent_idle', 300, { raise_after_seconds: 0 })
      await rule(org, 'agent_break', 900, { raise_after_seconds: 0 })
      const session = async (name: string, status: string, since: number) => {
        const a = await db.as(feed, `insert into public.agents (org_id, name) values ($1, $2) returning id`, [
          org,
          name,
        ])
        await db.as(
          feed,
          `insert into public.agent_sessions (org_id, agent_id, status, status_since) values ($1, $2, $3, $4)`,
          [org, a[0]!.id, status, at(since)],
        )
      }
      await session('Ada', 'available', -301)
      await session('Ben', 'available', -200)
      await session('Cy', 'break', -901)
      await session('Di', 'break', -600)
      await session('Ed', 'offline', -5000)
      await evaluate(0)
      expect((await alerts(org)).map((a) => `${a.title} | ${a.body}`).sort()).toEqual([
        'Ada idle for over 5 min | Available without a call for 5:01.',
        'Cy on a break for over 15 min | On a break for 15:01.',
      ])
    })

    it('judges monitors down by failed or missed checks, and slow by ping', async () => {
      const { db, at, evaluate, newOrg, rule, alerts } = kit()
      const org = await newOrg()
      await rule(org, 'monitor_down', 2, { severity: 'critical', raise_after_seconds: 0 })
      await rule(org, 'monitor_ping', 300, { raise_after_seconds: 0 })
      const monitor = async (name: string, checks: [string, number | null, number][]) => {
        const m = await db.as(
          feed,
          `insert into public.monitors (org_id, name, interval_seconds) values ($1, $2, 30) returning id`,
          [org, name],
        )
        for (const [status, ping, s] of checks)
          await db.as(
            feed,
            `insert into public.heartbeats (org_id, monitor_id, status, ping_ms, checked_at) values ($1, $2, $3, $4, $5)`,
            [org, m[0]!.id, status, ping, at(s)],
          )
      }
      await monitor('SIP trunk', [
        ['up', 20, -90],
        ['down', null, -60],
        ['down', null, -30],
      ])
      await monitor('CRM', [
        ['down', null, -60],
        ['up', 30, -30],
      ])
      await monitor('Billing', [['up', 20, -76]])
      await monitor('Recorder', [['up', 20, -74]])
      await monitor('Payments', [
        ['up', 20, -60],
        ['degraded', 450, -10],
      ])
      await evaluate(0)
      expect((await alerts(org)).map((a) => `${a.title} | ${a.body}`).sort()).toEqual([
        'Billing is down | No check for 76 s.',
        'Payments responding slowly | Ping 450 ms (limit 300 ms).',
        'SIP trunk is down | The last 2 checks failed.',
      ])
    })
  }
}
