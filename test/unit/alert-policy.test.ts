// The alert policy decides which alert rows notify: new open alerts and escalations, never replays,
// once per alert id; muting silences for a while; unread counts what the operator has not seen.
import { describe, expect, it } from 'vitest'
import { AlertPolicy, MUTE_15_MIN, MUTE_1_HOUR, presentationFor } from '../../src/main/core/alerts'
import { ManualClock } from '../../src/main/core/clock.testing'
import type { Delta, DeltaBatch } from '../../src/shared/domain/delta'
import type { Alert } from '../../src/shared/domain/rows'

const ORG = '00000000-0000-4000-8000-0000000000aa'
let n = 0

function setup(options: { maxAgeMs?: number } = {}) {
  const clock = new ManualClock()
  const policy = new AlertPolicy({ clock, ...options })
  const alert = (p: Partial<Alert> = {}): Alert => ({
    id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    org_id: ORG,
    seq: n,
    updated_at: new Date(clock.now()).toISOString(),
    rule_id: null,
    severity: 'warning',
    title: 'Queue Sales over SLA',
    body: '12 calls waiting',
    source_table: null,
    source_id: null,
    status: 'open',
    raised_at: new Date(clock.now()).toISOString(),
    acknowledged_at: null,
    acknowledged_by: null,
    snoozed_until: null,
    resolved_at: null,
    resolved_by: null,
    dedupe_key: null,
    escalated_at: null,
    ...p,
  })
  return { clock, policy, alert }
}

type FrameKind = 'snapshot' | 'resync'
let frameId = 0
/** Live news, or one whole frame (first and last). */
const batch = (
  rows: Alert[],
  frame?: FrameKind,
  part: { first?: boolean; last?: boolean } = {},
): DeltaBatch => ({
  deltas: rows.map((row): Delta => ({ kind: 'upsert', table: 'alerts', id: row.id, row })),
  ...(frame
    ? { frame: { id: ++frameId, kind: frame, first: part.first ?? true, last: part.last ?? true } }
    : {}),
})

describe('alert policy: what notifies', () => {
  it('notifies a new open alert once, with its severity presentation', () => {
    const { policy, alert } = setup()
    const a = alert({ severity: 'critical', title: 'SIP trunk down' })
    const [notice, ...rest] = policy.observe(batch([a]))
    expect(rest).toEqual([])
    expect(notice).toMatchObject({
      type: 'show',
      alertId: a.id,
      reason: 'raised',
      severity: 'critical',
      title: 'SIP trunk down',
      delivery: { native: true, sound: true, flash: true, banner: true },
    })
    // The same row again (a replayed change, an update of another field) is not news.
    expect(policy.observe(batch([{ ...a, seq: a.seq + 10, body: 'still down' }]))).toEqual([])
  })

  it('never notifies from a frame: a snapshot, in one batch or several, replays state', () => {
    const { policy, alert } = setup()
    const old = [alert(), alert({ severity: 'critical' }), alert()]
    expect(policy.observe(batch(old.slice(0, 2), 'snapshot', { last: false }))).toEqual([])
    expect(policy.observe(batch(old.slice(2), 'snapshot', { first: false }))).toEqual([])
    expect(policy.state().unread).toBe(0)
    const fresh = alert()
    expect(policy.observe(batch([fresh]))).toMatchObject([{ type: 'show', alertId: fresh.id }])
    expect(policy.state().unread).toBe(1)
  })

  it('counts alerts a resync brings (raised while away) as unread, without a notice', () => {
    const { policy, alert } = setup()
    const known = alert()
    policy.observe(batch([known], 'snapshot'))
    const away = alert({ severity: 'critical' })
    expect(policy.observe(batch([away, { ...known, severity: 'critical' }], 'resync'))).toEqual([])
    expect(policy.state().unread).toBe(1)
    // Known now: a later change of it is not a raise.
    expect(policy.observe(batch([{ ...away, body: 'still' }]))).toEqual([])
  })

  it('forgets, after a snapshot, the alerts it no longer holds', () => {
    const { policy, alert } = setup()
    const [a, b] = [alert(), alert()]
    policy.observe(batch([a!, b!]))
    expect(policy.state().unread).toBe(2)
    policy.observe(batch([a!], 'snapshot'))
    expect(policy.state().unread).toBe(1)
    // b is unknown again: seen live, it is news once more.
    expect(policy.observe(batch([b!]))).toHaveLength(1)
  })

  it('treats an alert raised long ago as history (a catch-up after an outage), not news', () => {
    const { clock, policy, alert } = setup({ maxAgeMs: 60_000 })
    const stale = alert({ raised_at: new Date(clock.now() - 5 * 60_000).toISOString() })
    expect(policy.observe(batch([stale]))).toEqual([])
    const recent = alert({ raised_at: new Date(clock.now() - 30_000).toISOString() })
    expect(policy.observe(batch([recent]))).toHaveLength(1)
  })

  it('notifies a live escalation, never one replayed by a frame, and not a de-escalation', () => {
    const { policy, alert } = setup()
    const a = alert({ severity: 'info' })
    policy.observe(batch([a]))
    expect(policy.observe(batch([{ ...a, severity: 'warning' }], 'snapshot'))).toEqual([])
    const up = policy.observe(batch([{ ...a, severity: 'critical' }]))
    expect(up).toMatchObject([{ alertId: a.id, reason: 'escalated', severity: 'critical' }])
    expect(policy.observe(batch([{ ...a, severity: 'warning' }]))).toEqual([])
    expect(policy.observe(batch([{ ...a, severity: 'critical' }]))).toEqual([])
  })

  it('never notifies alerts that are not open', () => {
    const { policy, alert } = setup()
    const rows = [
      alert({ status: 'acknowledged' }),
      alert({ status: 'snoozed' }),
      alert({ status: 'resolved' }),
    ]
    expect(policy.observe(batch(rows))).toEqual([])
    expect(policy.state().unread).toBe(0)
  })

  it('respects the minimum severity', () => {
    const clock = new ManualClock()
    const policy = new AlertPolicy({ clock, minSeverity: 'warning' })
    const { alert } = setup()
    const rows = [alert({ severity: 'info' }), alert({ severity: 'warning' })]
    expect(policy.observe(batch(rows))).toMatchObject([{ type: 'show', severity: 'warning' }])
  })

  it.each([
    ['info', { urgency: 'low', sound: false, flash: false, sticky: false }],
    ['warning', { urgency: 'normal', sound: false, flash: false, sticky: false }],
    ['critical', { urgency: 'critical', sound: true, flash: true, sticky: true }],
  ] as const)('presents %s alerts as %o', (severity, expected) => {
    expect(presentationFor(severity)).toEqual(expected)
  })
})

describe('alert policy: mute and unread', () => {
  it('mutes for 15 minutes: silent but counted, then loud again, and says when the mute ends', () => {
    const { clock, policy, alert } = setup()
    const states: unknown[] = []
    policy.onChange((s) => states.push(s))
    const until = policy.mute(MUTE_15_MIN)
    expect(policy.state()).toEqual({ unread: 0, mutedUntil: until })
    expect(policy.observe(batch([alert()]))).toEqual([])
    expect(policy.state().unread).toBe(1)
    clock.advance(MUTE_15_MIN)
    expect(policy.state()).toEqual({ unread: 1, mutedUntil: null })
    expect(states.at(-1)).toEqual({ unread: 1, mutedUntil: null })
    expect(policy.observe(batch([alert()]))).toHaveLength(1)
  })

  it('still withdraws while muted: an acknowledgement elsewhere closes what was shown before the mute', () => {
    const { policy, alert } = setup()
    const a = alert({ severity: 'critical' })
    policy.observe(batch([a]))
    policy.mute(MUTE_15_MIN)
    expect(policy.observe(batch([{ ...a, status: 'acknowledged' }]))).toEqual([
      { type: 'withdraw', alertId: a.id, tag: `alert:${a.id}` },
    ])
  })

  it('mutes for an hour and can be unmuted early; a saved mute survives a restart unless expired', () => {
    const { clock, policy } = setup()
    policy.mute(MUTE_1_HOUR)
    clock.advance(59 * 60_000)
    expect(policy.muted()).toBe(true)
    policy.unmute()
    expect(policy.muted()).toBe(false)
    const restarted = new AlertPolicy({ clock })
    restarted.restoreMute(clock.now() + 1000)
    expect(restarted.muted()).toBe(true)
    restarted.restoreMute(clock.now() - 1000)
    expect(restarted.muted()).toBe(false)
  })

  it('counts unread until read, acknowledged elsewhere, or deleted', () => {
    const { policy, alert } = setup()
    const [a, b, c] = [alert(), alert(), alert()]
    policy.observe(batch([a!, b!, c!]))
    expect(policy.state().unread).toBe(3)
    policy.markRead(a!.id)
    policy.observe(batch([{ ...b!, status: 'acknowledged' }]))
    policy.observe({ deltas: [{ kind: 'remove', table: 'alerts', id: c!.id }] })
    expect(policy.state().unread).toBe(0)
    policy.observe(batch([alert(), alert()]))
    policy.markAllRead()
    expect(policy.state().unread).toBe(0)
  })

  it('ignores other tables', () => {
    const { policy } = setup()
    const notices = policy.observe({
      deltas: [{ kind: 'remove', table: 'calls', id: 'x' }],
    })
    expect(notices).toEqual([])
  })
})
