// Alerts across consoles against the embedded backend, over real sockets, each console with the desktop's
// alert wiring (the shared notification policy, the notifier, the fake electron Notification): an alert
// raised once notifies every console once; an acknowledgement on one withdraws the notification on the
// others within 2 s; a console started after an alert was raised does not notify it. And alert rules:
// only an admin may change one, every console sees the change live, and the evaluator applies it on its
// next run.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as electron from '../fakes/electron'
import { AlertPolicy } from '../../src/main/core/alerts'
import { systemClock } from '../../src/main/core/clock'
import type { Console as FloorEngine } from '../../src/main/core/console'
import { createNotifier, type NotificationClass, type Notifier } from '../../src/main/electron/notifier'
import { startDesktopAlerts } from '../../src/main/electron/desktop-alerts'
import type { Backend } from '../../src/main/embedded/backend'
import type { AlertRule } from '../../src/shared/domain/rows'
import { eventually, testBackend } from '../helpers/backend'
import { attachView, engineFor, stateIs, type TestView } from './core-fixtures'

interface Desk {
  engine: FloorEngine
  notifier: Notifier
  view: TestView
  stop(): Promise<void>
}

let backend: Backend
const desks: Desk[] = []

async function desk(login: { email: string; password: string }): Promise<Desk> {
  const engine = engineFor(backend, {
    project: { url: backend.url, anonKey: backend.anonKey, demo: true, credentials: login },
  })
  await engine.start()
  const view = attachView(engine)
  const notifier = createNotifier({
    Notification: electron.Notification as unknown as NotificationClass,
    platform: 'linux',
    soundEnabled: () => true,
    open: () => undefined,
    acknowledge: () => undefined,
    flash: () => undefined,
  })
  const policy = new AlertPolicy({ clock: systemClock, serverNow: () => engine.serverNow() })
  const stopAlerts = startDesktopAlerts({
    engine,
    policy,
    clock: systemClock,
    apply: (c) => notifier.apply(c),
    enabled: () => true,
    onState: () => undefined,
  })
  await eventually(() => stateIs(engine, 'LIVE'), 15_000, 'LIVE')
  const d: Desk = {
    engine,
    notifier,
    view,
    stop: async () => {
      stopAlerts()
      policy.dispose()
      view.close()
      await engine.stop()
    },
  }
  desks.push(d)
  return d
}

async function raise(title: string): Promise<string> {
  const { rows } = await backend.ctx.db.query<{ id: string }>(
    "insert into public.alerts (org_id, severity, title) values ($1, 'critical', $2) returning id",
    [backend.demo!.orgId, title],
  )
  return rows[0]!.id
}

/** A console signed in as `login`: one already running, else a new one. */
async function deskOf(login: { email: string; password: string }): Promise<Desk> {
  return desks.find((d) => d.engine.session().user?.email === login.email) ?? desk(login)
}

const showing = (d: Desk, id: string) => d.notifier.active.has(`alert:${id}`)

beforeAll(async () => {
  backend = await testBackend()
})

afterAll(async () => {
  for (const d of desks) await d.stop()
  await backend?.stop()
})

describe('alerts on several consoles', () => {
  it('notifies each console once, and an ack on one withdraws the others within 2 s', async () => {
    const a = await desk(backend.demo!)
    const b = await desk(backend.demo!.admin)
    const before = electron.Notification.shown.length
    const id = await raise('SIP trunk is down')
    await eventually(() => showing(a, id) && showing(b, id), 5_000, 'both consoles notify')
    const bNote = b.notifier.active.get(`alert:${id}`) as electron.Notification
    const ack = await a.engine.alertAction({ alertId: id, kind: 'ack', clientEventId: randomUUID() })
    expect(ack).toEqual({ ok: true, data: { status: 'sent' } })
    const acked = Date.now()
    await eventually(() => bNote.closed, 2_000, "B's notification withdrawn")
    console.info(`ack on A → B's notification closed in ${Date.now() - acked} ms`)
    expect(showing(a, id)).toBe(false)
    // Once per raise: two consoles, two notifications, whatever else the ack changed.
    const titles = electron.Notification.shown.slice(before).map((n) => n.options.title)
    expect(titles).toEqual(['Critical: SIP trunk is down', 'Critical: SIP trunk is down'])
  })

  it('a console started after an alert was raised does not notify it, and notifies the next one', async () => {
    const old = await raise('Raised before the console started')
    const c = await desk(backend.demo!)
    await eventually(() => c.view.state.alerts?.has(old), 5_000, 'the old alert in the snapshot')
    expect(c.notifier.active.size).toBe(0)
    const fresh = await raise('Raised while watching')
    await eventually(() => showing(c, fresh), 5_000, 'the new alert notifies')
    expect(showing(c, old)).toBe(false)
  })
})

describe('alert rules', () => {
  async function depthRule(): Promise<AlertRule> {
    const { rows } = await backend.ctx.db.query<AlertRule>(
      "select * from public.alert_rules where org_id = $1 and kind = 'queue_depth'",
      [backend.demo!.orgId],
    )
    return rows[0]!
  }
  async function queueCalls(n: number): Promise<void> {
    const orgId = backend.demo!.orgId
    const { rows } = await backend.ctx.db.query<{ id: string }>(
      "select id from public.queues where org_id = $1 and name = 'Billing'",
      [orgId],
    )
    for (let i = 0; i < n; i++) {
      await backend.ctx.db.query(
        "insert into public.calls (org_id, queue_id, caller_masked, status) values ($1, $2, 'x', 'queued')",
        [orgId, rows[0]!.id],
      )
    }
  }
  const openFor = async (ruleId: string) =>
    (
      await backend.ctx.db.query("select 1 from public.alerts where rule_id = $1 and status = 'open'", [
        ruleId,
      ])
    ).rows.length

  it('refuses a supervisor, applies an admin’s change on every console, and the evaluator uses it', async () => {
    const sup = await deskOf(backend.demo!)
    const admin = await deskOf(backend.demo!.admin)
    const rule = await depthRule()
    const refused = await sup.engine.updateRule({ ruleId: rule.id, threshold: 0 })
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'not_found',
        message: 'Only admins of its organisation may change this rule, or it no longer exists.',
      },
    })
    expect((await depthRule()).threshold).toBe(rule.threshold)

    await queueCalls(3)
    await backend.ctx.db.query('select public.floor_evaluate_alerts()')
    expect(await openFor(rule.id)).toBe(0)

    const saved = await admin.engine.updateRule({ ruleId: rule.id, threshold: 2, raiseAfterSeconds: 0 })
    expect(saved).toMatchObject({ ok: true, data: { id: rule.id, threshold: 2, raise_after_seconds: 0 } })
    await eventually(
      () => sup.view.state.alert_rules?.get(rule.id)?.threshold === 2,
      5_000,
      'the supervisor’s console sees the new threshold',
    )
    await backend.ctx.db.query('select public.floor_evaluate_alerts()')
    expect(await openFor(rule.id)).toBe(1)
  })

  it('refuses a value the table does not allow, with the reason', async () => {
    const admin = await deskOf(backend.demo!.admin)
    const rule = await depthRule()
    const r = await admin.engine.updateRule({ ruleId: rule.id, escalateAfterMinutes: 0 } as never)
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid' } })
  })
})
