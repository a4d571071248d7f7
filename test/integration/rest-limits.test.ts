// Bad input at the HTTP edge, over real sockets: an oversized body gets a 413 the client can read (not a
// connection reset), JSON nested absurdly deep gets a 400 (not a 500), and the outbox's idempotency key
// of alert_action belongs to one organisation, so another org's action is never taken for a replay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { request } from 'node:http'
import type { Backend } from '../../src/main/embedded/backend'
import { testBackend } from '../helpers/backend'
import { createMember, createOrg, rawRest } from './rest-fixtures'

let backend: Backend

beforeAll(async () => {
  backend = await testBackend({ demo: false })
})
afterAll(async () => {
  await backend.stop()
})

const deep = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels)

describe('request bodies', () => {
  it('answers a 50 MB body with 413 and a JSON error, without resetting the connection', async () => {
    const body = `[${'{"name":"x"},'.repeat(4_000_000)}{"name":"x"}]` // ≈ 52 MB
    expect(body.length).toBeGreaterThan(50_000_000)
    const res = await rawRest(backend, 'orgs', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    })
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ code: 'PGRST413' })
  })

  it('answers 413 to a body sent without Content-Length (chunked) too, once the limit is passed', async () => {
    const url = new URL(`${backend.url}/rest/v1/orgs`)
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            apikey: backend.anonKey,
            authorization: `Bearer ${backend.serviceRoleKey}`,
            'content-type': 'application/json',
            'transfer-encoding': 'chunked',
          },
        },
        (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0))
        },
      )
      req.on('error', reject)
      const chunk = Buffer.alloc(1024 * 1024, 0x20)
      let sent = 0
      const pump = (): void => {
        while (sent < 20) {
          sent++
          if (!req.write(chunk)) return void req.once('drain', pump)
        }
        req.end(']')
      }
      req.write('[')
      pump()
    })
    expect(status).toBe(413)
  })

  it('answers JSON nested 100,000 deep as bad input (400; the broadcast API its own 422), never 500', async () => {
    const body = deep(100_000)
    const insert = await rawRest(backend, 'orgs', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    })
    expect(insert.status).toBe(400)
    expect(await insert.json()).toMatchObject({
      code: 'PGRST102',
      details: 'JSON is nested deeper than 512 levels',
    })
    const rpc = await rawRest(backend, 'rpc/server_time', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: `{"a":${body}}`,
    })
    expect(rpc.status).toBe(400)
    const auth = await fetch(`${backend.url}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      headers: { apikey: backend.anonKey, 'content-type': 'application/json' },
      body: `{"email":${body}}`,
    })
    expect(auth.status).toBe(400)
    expect(await auth.json()).toMatchObject({ code: 'bad_json' })
    const broadcast = await fetch(`${backend.url}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: { apikey: backend.serviceRoleKey, 'content-type': 'application/json' },
      body: `{"messages":[{"topic":"t","event":"e","payload":${body}}]}`,
    })
    // Realtime's broadcast API answers every unparsable body 422, as the real server does.
    expect(broadcast.status).toBe(422)
    // Reasonable nesting is still fine.
    const fine = await fetch(`${backend.url}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: { apikey: backend.serviceRoleKey, 'content-type': 'application/json' },
      body: `{"messages":[{"topic":"t","event":"e","payload":{"v":${deep(100)}}}]}`,
    })
    expect(fine.status).toBe(202)
  })
})

describe('alert_action idempotency keys', () => {
  it('are scoped per organisation: the same key in another org is a new action, not a replay', async () => {
    const { db } = backend.ctx
    const orgA = await createOrg(backend, 'Org A')
    const orgB = await createOrg(backend, 'Org B')
    const supA = await createMember(backend, orgA, 'supervisor', 'a@keys.test')
    const supB = await createMember(backend, orgB, 'supervisor', 'b@keys.test')
    const alert = async (org: string): Promise<string> =>
      (
        await db.query<{ id: string }>(
          `insert into public.alerts (org_id, severity, title) values ($1, 'warning', 'Wait') returning id`,
          [org],
        )
      ).rows[0]!.id
    const [alertA, alertB] = [await alert(orgA), await alert(orgB)]
    const key = '22222222-2222-4222-8222-222222222222'
    const a = await supA.client.rpc('alert_action', {
      p_alert_id: alertA,
      p_kind: 'ack',
      p_client_event_id: key,
    })
    expect(a.error).toBeNull()
    const b = await supB.client.rpc('alert_action', {
      p_alert_id: alertB,
      p_kind: 'ack',
      p_client_event_id: key,
    })
    expect(b.error).toBeNull()
    expect(b.data).toMatchObject({ id: alertB, status: 'acknowledged' })
    const events = await db.query<{ org_id: string }>(
      'select org_id from public.alert_events where client_event_id = $1 order by at',
      [key],
    )
    expect(events.rows.map((r) => r.org_id).sort()).toEqual([orgA, orgB].sort())
    // Within one org the key still makes a retry harmless.
    await supB.client.rpc('alert_action', { p_alert_id: alertB, p_kind: 'ack', p_client_event_id: key })
    const again = await db.query('select 1 from public.alert_events where client_event_id = $1', [key])
    expect(again.rows).toHaveLength(2)
  })
})
