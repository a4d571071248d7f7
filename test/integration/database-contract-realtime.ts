// The database contract, continued: the org channel's policies on realtime.messages, the server tick,
// realtime.send and the auth helpers, as hosted Supabase has them.
import { describe, expect, it } from 'vitest'
import {
  ORG_A,
  USERS,
  feed,
  member,
  outcome,
  type Claims,
  type DatabaseUnderTest,
  type Row,
} from './database-contract-fixture'

export function databaseContractRealtime(current: () => DatabaseUnderTest): void {
  const db = {
    admin: (sql: string, params?: unknown[]) => current().admin(sql, params),
    as: (claims: Claims, sql: string, params?: unknown[], settings?: Record<string, string>) =>
      current().as(claims, sql, params, settings),
  }
  describe('the org channel in SQL (policies on realtime.messages)', () => {
    const topic = `floor:${ORG_A}`
    const onTopic = { 'realtime.topic': topic }

    it('lets members read the org topic, nobody else', async () => {
      await db.admin(`select realtime.send('{"text":"hello"}'::jsonb, 'announcement', $1, true)`, [topic])
      const count = (c: Claims) =>
        db
          .as(
            c,
            `select count(*)::int as n from realtime.messages where topic = $1 and event = 'announcement'`,
            [topic],
            onTopic,
          )
          .then((r) => r[0]!.n)
      expect(await count(member(USERS.supA))).toBeGreaterThan(0)
      expect(await count(member(USERS.wallA))).toBeGreaterThan(0)
      expect(await count(member(USERS.supB))).toBe(0)
      expect(await count(member(USERS.stranger))).toBe(0)
      expect(
        await outcome(db.as({ role: 'anon' }, 'select count(*) from realtime.messages', [], onTopic)),
      ).toBe('ok')
    })

    it('lets members announce presence, and nobody but the server write broadcasts', async () => {
      const insert = (c: Claims, extension: string) =>
        outcome(
          db.as(
            c,
            `insert into realtime.messages (topic, extension, private) values ($1, $2, true)`,
            [topic, extension],
            onTopic,
          ),
        )
      expect(await insert(member(USERS.wallA), 'presence')).toBe('ok')
      expect(await insert(member(USERS.supB), 'presence')).toMatch(
        /^42501: new row violates row-level security/,
      )
      expect(await insert(member(USERS.supA), 'broadcast')).toMatch(
        /^42501: new row violates row-level security/,
      )
      // realtime.send runs as its caller: a member's forged tick is dropped with a warning, not sent.
      expect(
        await outcome(
          db.as(member(USERS.supA), `select realtime.send('{"at":"forged"}'::jsonb, 'tick', $1, true)`, [
            topic,
          ]),
        ),
      ).toBe('ok')
      const forged = await db.admin(
        `select count(*)::int as n from realtime.messages where payload ->> 'at' = 'forged'`,
      )
      expect(forged[0]!.n).toBe(0)
    })

    it('sends every org its server tick from floor_server_tick, callable by the server side only', async () => {
      expect((await db.admin('select public.floor_server_tick(5000) as n'))[0]!.n).toBe(2)
      const ticks = await db.as(
        member(USERS.supA),
        `select payload from realtime.messages where topic = $1 and event = 'tick' and private`,
        [topic],
        onTopic,
      )
      expect(ticks[0]!.payload).toMatchObject({ interval_ms: 5000 })
      expect(Date.parse(String((ticks[0]!.payload as Row).at))).toBeGreaterThan(Date.now() - 60_000)
      expect(await outcome(db.as(member(USERS.supA), 'select public.floor_server_tick()'))).toBe(
        '42501: permission denied for function floor_server_tick',
      )
      // Whoever calls it (a feed's service_role, pg_cron's job owner), the tick is sent as the function's
      // owner: realtime.send swallows a refused insert as a warning, so count that the ticks really landed.
      const sent = () =>
        db
          .admin(`select count(*)::int as n from realtime.messages where topic = $1 and event = 'tick'`, [
            topic,
          ])
          .then((r) => r[0]!.n as number)
      const before = await sent()
      expect(await outcome(db.as(feed, 'select public.floor_server_tick()'))).toBe('ok')
      expect(await sent()).toBe(before + 1)
    })

    it('drops a broadcast for a day without a partition, with a warning rather than an error', async () => {
      const today = `messages_${new Date().toISOString().slice(0, 10).replace(/-/g, '_')}`
      await db.admin(`alter table realtime.messages detach partition realtime.${today}`)
      try {
        expect(
          await outcome(db.admin(`select realtime.send('{"lost":true}'::jsonb, 'x', 'nowhere', true)`)),
        ).toBe('ok')
        expect(
          await outcome(
            db.admin(`insert into realtime.messages (topic, extension) values ('t', 'presence')`),
          ),
        ).toMatch(/^23514: no partition of relation "messages" found for row/)
      } finally {
        await db.admin(`alter table realtime.messages attach partition realtime.${today}
          for values from (current_date) to (current_date + 1)`)
      }
      const lost = await db.admin(
        `select count(*)::int as n from realtime.messages where payload ->> 'lost' = 'true'`,
      )
      expect(lost[0]!.n).toBe(0)
    })
  })

  describe('what Supabase provides around the migrations', () => {
    it('has the auth helpers answer NULL without claims and fail on malformed ones', async () => {
      expect(await db.admin('select auth.jwt() is null as jwt, auth.uid() is null as uid')).toEqual([
        { jwt: true, uid: true },
      ])
      expect(await outcome(db.as({ role: 'authenticated', sub: 'not-a-uuid' }, 'select auth.uid()'))).toMatch(
        /^22P02: invalid input syntax for type uuid/,
      )
      const [row] = await db.as(
        member(USERS.supA),
        `select auth.uid()::text as uid, auth.jwt() ->> 'role' as role`,
      )
      expect(row).toEqual({ uid: USERS.supA, role: 'authenticated' })
      // The anon key's claims have no `sub`: a JWT, but no user.
      expect(
        await db.as(
          { role: 'anon' },
          `select auth.uid() is null as uid, auth.role() as role, auth.jwt() ->> 'role' as jwt`,
        ),
      ).toEqual([{ uid: true, role: 'anon', jwt: 'anon' }])
    })

    it('runs realtime.send and broadcast_changes as their caller (SECURITY INVOKER), as Realtime defines them', async () => {
      const fns = await db.admin(`select p.proname as name, p.prosecdef as definer from pg_proc p
        where p.pronamespace = 'realtime'::regnamespace and p.proname in ('send', 'broadcast_changes') order by 1`)
      expect(fns).toEqual([
        { name: 'broadcast_changes', definer: false },
        { name: 'send', definer: false },
      ])
    })

    it('partitions realtime.messages by day, with a partition for today', async () => {
      const today = `messages_${new Date().toISOString().slice(0, 10).replace(/-/g, '_')}`
      const [table] = await db.admin(
        `select c.relkind::text as kind, pg_get_partkeydef(c.oid) as key,
          (select count(*)::int from pg_inherits i join pg_class p on p.oid = i.inhrelid
            where i.inhparent = c.oid and p.relname = $1) as today
        from pg_class c where c.oid = 'realtime.messages'::regclass`,
        [today],
      )
      expect(table).toEqual({ kind: 'p', key: 'RANGE (inserted_at)', today: 1 })
    })

    it('gives the API roles their short statement timeouts', async () => {
      const timeout = (role: string) =>
        db.as({ role }, `select current_setting('statement_timeout') as t`).then((r) => r[0]!.t)
      expect(await timeout('anon')).toBe('3s')
      expect(await timeout('authenticated')).toBe('8s')
      // PostgreSQL cancels at the limit; the embedded database rolls back after the fact (same error).
      expect(await outcome(db.as({ role: 'anon' }, 'select pg_sleep(3.5)'))).toBe(
        '57014: canceling statement due to statement timeout',
      )
      // Each role its own: what cancels anon at 3 s runs to its end for a signed-in user (8 s).
      expect(await outcome(db.as(member(USERS.supA), 'select pg_sleep(3.5)'))).toBe('ok')
    }, 20_000)
  })
}
