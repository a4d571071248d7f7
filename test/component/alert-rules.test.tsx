// Settings → Alert rules: admins edit threshold, durations, severity, escalation and on/off; the change is
// checked with the contract's schema before it is sent, only what changed is sent, a change made elsewhere
// shows up live, and nobody but an admin of the open org sees the editor.
import { fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { SessionInfo } from '../../src/shared/contract'
import type { AlertRule } from '../../src/shared/domain/rows'
import { ORG, up, uuid } from './fixtures'
import { renderApp } from './support'

const rule = (p: Partial<AlertRule> = {}): AlertRule => ({
  id: uuid(),
  org_id: ORG,
  seq: 1,
  updated_at: new Date().toISOString(),
  name: 'Longest wait in Sales',
  kind: 'queue_wait',
  threshold: 60,
  severity: 'warning',
  enabled: true,
  params: {},
  raise_after_seconds: 30,
  clear_after_seconds: 60,
  escalate_after_minutes: null,
  ...p,
})

const as = (role: string): SessionInfo => ({
  user: { id: 'u1', email: 'boss@example.test' },
  orgs: [{ id: ORG, name: 'Acme Contact', role }],
  orgId: ORG,
})

async function openSettings(role: string, rules: AlertRule[], info = {}) {
  const h = await renderApp({
    session: as(role),
    info,
    snapshot: rules.map((r) => up('alert_rules', r)),
  })
  fireEvent.keyDown(window, { key: '9' })
  await h.flush()
  return h
}

const updates = (h: Awaited<ReturnType<typeof renderApp>>) =>
  h.api.calls.filter((c) => c.method === 'updateRule').map((c) => c.payload)

describe('Settings → Alert rules', () => {
  it('lets an admin change a threshold, a duration and the escalation, sending only what changed', async () => {
    const r = rule()
    const h = await openSettings('admin', [r])
    const form = screen.getByRole('form', { name: 'Longest wait in Sales' })
    const save = within(form).getByRole('button', { name: 'Save' }) as HTMLButtonElement
    expect(save.disabled).toBe(true)
    fireEvent.change(within(form).getByLabelText(/^Threshold/), { target: { value: '90' } })
    fireEvent.change(within(form).getByLabelText(/^Raise after/), { target: { value: '45' } })
    fireEvent.change(within(form).getByLabelText(/^Escalate after/), { target: { value: '10' } })
    fireEvent.change(within(form).getByLabelText('Severity'), { target: { value: 'critical' } })
    fireEvent.click(within(form).getByLabelText('Enabled'))
    fireEvent.click(save)
    await h.flush()
    expect(updates(h)).toEqual([
      {
        ruleId: r.id,
        threshold: 90,
        raiseAfterSeconds: 45,
        escalateAfterMinutes: 10,
        severity: 'critical',
        enabled: false,
      },
    ])
    expect(await screen.findByText('Alert rule saved')).toBeTruthy()
  })

  it('says what is wrong with a bad value and sends nothing', async () => {
    const h = await openSettings('admin', [rule()])
    const form = screen.getByRole('form', { name: 'Longest wait in Sales' })
    fireEvent.change(within(form).getByLabelText(/^Clear after/), { target: { value: '1.5' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }))
    await h.flush()
    expect(within(form).getByRole('alert').textContent).toContain(
      'rule update: clearAfterSeconds must be a whole number from 0 to 86400',
    )
    fireEvent.change(within(form).getByLabelText(/^Clear after/), { target: { value: '' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }))
    await h.flush()
    expect(within(form).getByRole('alert').textContent).toMatch(/clearAfterSeconds must be a whole number/)
    expect(updates(h)).toEqual([])
  })

  it('shows a change made on another console live', async () => {
    const r = rule()
    const h = await openSettings('admin', [r])
    await h.batch([up('alert_rules', { ...r, seq: 2, threshold: 120 })])
    const form = screen.getByRole('form', { name: 'Longest wait in Sales' })
    expect((within(form).getByLabelText(/^Threshold/) as HTMLInputElement).value).toBe('120')
  })

  it('is not shown to supervisors', async () => {
    await openSettings('supervisor', [rule()])
    expect(screen.queryByRole('heading', { name: 'Alert rules' })).toBeNull()
  })

  it('is not shown on a read-only display, even to an admin', async () => {
    await openSettings('admin', [rule()], { readOnly: true })
    expect(screen.queryByRole('heading', { name: 'Alert rules' })).toBeNull()
  })
})
