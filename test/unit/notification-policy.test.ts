// The one notification policy (src/shared/alerts): news only, once per raise, withdrawn on any ack, routed
// by severity, calm in storms, quiet in quiet hours.
import { describe, expect, it } from 'vitest'
import type { DeltaBatch } from '../../src/shared/domain/delta'
import type { Alert } from '../../src/shared/domain/rows'
import {
  NotificationPolicy,
  type NotificationPreferences,
  type NotifyCommand,
} from '../../src/shared/alerts/notification-policy'

const ORG = '00000000-0000-4000-8000-0000000000aa'
const T0 = Date.parse('2026-06-10T12:00:00Z')

function setup(prefs: NotificationPreferences = {}, stormPerMinute?: number) {
  let now = T0
  let n = 0
  const policy = new NotificationPolicy({ now: () => now, preferences: prefs, stormPerMinute })
  const alert = (p: Partial<Alert> = {}): Alert => ({
    id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    org_id: ORG,
    seq: n,
    updated_at: new Date(now).toISOString(),
    rule_id: null,
    severity: 'critical',
    title: `Alert ${n}`,
    body: '',
    source_table: null,
    source_id: null,
    status: 'open',
    raised_at: new Date(now).toISOString(),
    acknowledged_at: null,
    acknowledged_by: null,
    snoozed_until: null,
    resolved_at: null,
    resolved_by: null,
    dedupe_key: null,
    escalated_at: null,
    ...p,
  })
  const live = (...rows: Alert[]): DeltaBatch => ({
    deltas: rows.map((row) => ({ kind: 'upsert', table: 'alerts', id: row.id, row })),
  })
  const framed = (kind: 'snapshot' | 'resync', ...rows: Alert[]): DeltaBatch => ({
    ...live(...rows),
    frame: { id: 1, kind, first: true, last: true, source: kind === 'snapshot' ? 'cache' : undefined },
  })
  return { policy, alert, live, framed, advance: (ms: number) => (now += ms), at: () => now }
}

const kinds = (cmds: NotifyCommand[]) =>
  cmds.map((c) =>
    c.type === 'show' ? `show:${c.reason}` : c.type === 'summary' ? `summary:${c.count}` : c.type,
  )

describe('notification policy', () => {
  it('notifies a new open alert once, and withdraws it when anyone acknowledges it', () => {
    const { policy, alert, live } = setup()
    const a = alert()
    expect(kinds(policy.observe(live(a)))).toEqual(['show:raised'])
    expect(kinds(policy.observe(live({ ...a, body: 'more detail', seq: 99 })))).toEqual([])
    const withdrawn = policy.observe(live({ ...a, status: 'acknowledged' }))
    expect(withdrawn).toEqual([{ type: 'withdraw', alertId: a.id, tag: `alert:${a.id}` }])
    // Acknowledged twice (another console's copy): nothing more.
    expect(policy.observe(live({ ...a, status: 'acknowledged' }))).toEqual([])
  })

  it('takes nothing in a snapshot, resync or cache frame for news, nor an alert raised long ago', () => {
    const { policy, alert, live, framed, advance } = setup()
    const a = alert()
    expect(policy.observe(framed('snapshot', a))).toEqual([])
    expect(policy.observe(framed('resync', alert()))).toEqual([])
    expect(policy.observe(live(a))).toEqual([])
    const old = alert()
    advance(11 * 60_000)
    expect(policy.observe(live(old))).toEqual([])
  })

  it('notifies again only for an escalation, a reopen after a resolve, or the end of a snooze', () => {
    const { policy, alert, live } = setup({}, 100)
    const a = alert()
    policy.observe(live(a))
    expect(kinds(policy.observe(live({ ...a, escalated_at: new Date(T0).toISOString() })))).toEqual([
      'show:escalated',
    ])
    expect(kinds(policy.observe(live({ ...a, escalated_at: new Date(T0).toISOString() })))).toEqual([])
    const b = alert({ severity: 'warning' })
    policy.observe(live(b))
    expect(kinds(policy.observe(live({ ...b, severity: 'critical' })))).toEqual(['show:escalated'])
    expect(kinds(policy.observe(live({ ...b, status: 'resolved' })))).toEqual(['withdraw'])
    expect(kinds(policy.observe(live({ ...b, status: 'open' })))).toEqual(['show:reopened'])
    const c = alert()
    policy.observe(live(c))
    policy.observe(live({ ...c, status: 'snoozed' }))
    expect(kinds(policy.observe(live({ ...c, status: 'open' })))).toEqual(['show:snooze-ended'])
  })

  it('routes by severity, and a user may override the routing', () => {
    const { policy, alert, live } = setup()
    const [crit] = policy.observe(live(alert({ severity: 'critical' })))
    const [warn] = policy.observe(live(alert({ severity: 'warning' })))
    expect(policy.observe(live(alert({ severity: 'info' })))).toEqual([])
    expect(crit).toMatchObject({ delivery: { native: true, sound: true, flash: true, banner: true } })
    expect(warn).toMatchObject({ delivery: { native: true, sound: false, flash: false, banner: false } })
    const quietWarnings = setup({
      routing: { warning: { native: false, sound: false, flash: false, banner: false } },
    })
    expect(
      quietWarnings.policy.observe(quietWarnings.live(quietWarnings.alert({ severity: 'warning' }))),
    ).toEqual([])
  })

  it('collapses a storm: 200 alerts in 60 s give at most 5 notifications, and count all of them', () => {
    const { policy, alert, live, advance } = setup()
    const cmds: NotifyCommand[] = []
    for (let i = 0; i < 200; i++) {
      cmds.push(...policy.observe(live(alert({ severity: i % 10 === 0 ? 'critical' : 'warning' }))))
      advance(300)
    }
    const notifications = new Set(cmds.map((c) => (c.type === 'withdraw' ? '' : c.tag)))
    expect(notifications.size).toBeLessThanOrEqual(5)
    const shown = cmds.filter((c) => c.type === 'show').length
    const last = cmds.filter((c) => c.type === 'summary').at(-1)
    expect(shown + (last?.type === 'summary' ? last.count : 0)).toBe(200)
    expect(last).toMatchObject({ severity: 'critical', title: `${200 - shown} more alerts` })
    // A minute later the storm is over: the next alert is shown on its own.
    advance(61_000)
    expect(kinds(policy.tick())).toEqual([])
    expect(kinds(policy.observe(live(alert())))).toEqual(['show:raised'])
  })

  it('in quiet hours downgrades to a silent banner, never hides a critical, and digests at the end', () => {
    const quietHours = { start: '11:30', end: '12:30', zone: 'UTC' }
    const { policy, alert, live, advance } = setup({ quietHours })
    const crit = alert({ severity: 'critical' })
    const [c] = policy.observe(live(crit))
    expect(c).toMatchObject({
      type: 'show',
      delivery: { native: false, sound: false, flash: false, banner: true },
    })
    const warn = alert({ severity: 'warning' })
    policy.observe(live(warn))
    policy.observe(live({ ...warn, status: 'acknowledged' }))
    expect(policy.tick()).toEqual([])
    advance(30 * 60_000)
    const digest = policy.tick()
    expect(digest).toEqual([
      expect.objectContaining({ type: 'digest', alertIds: [crit.id], title: '1 alert still open' }),
    ])
    expect(policy.tick()).toEqual([])
    const [after] = policy.observe(live(alert({ severity: 'critical' })))
    expect(after).toMatchObject({ delivery: { sound: true, native: true } })
  })

  it('withdraws a shown alert that a snapshot no longer holds or a remove deletes', () => {
    const { policy, alert, live, framed } = setup({}, 100)
    const a = alert()
    policy.observe(live(a))
    expect(kinds(policy.observe({ deltas: [{ kind: 'remove', table: 'alerts', id: a.id }] }))).toEqual([
      'withdraw',
    ])
    const b = alert()
    const c = alert()
    policy.observe(live(b, c))
    expect(policy.observe(framed('snapshot', c))).toEqual([
      { type: 'withdraw', alertId: b.id, tag: `alert:${b.id}` },
    ])
  })
})
