import { fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { alert, alertEvent, up } from './fixtures'
import { renderApp } from './support'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

async function setup(info = {}) {
  const a = alert({ title: 'SIP trunk down' })
  const b = alert({ title: 'Queue depth rising', severity: 'warning' })
  const h = await renderApp({
    info,
    snapshot: [
      up('alerts', a),
      up('alerts', b),
      up('alert_events', alertEvent(a.id, { kind: 'raise' })),
      up(
        'alert_events',
        alertEvent(a.id, {
          kind: 'note',
          comment: 'Carrier ticket 4411',
          actor_kind: 'user',
          actor_name: 'Sam Supervisor',
        }),
      ),
    ],
  })
  fireEvent.keyDown(window, { key: '4' })
  await h.flush()
  return { h, a, b }
}

describe('Alerts', () => {
  it('counts unread, marks one read and all read', async () => {
    const { a } = await setup()
    expect(screen.getByText('2 unread')).toBeTruthy()
    expect(screen.getByLabelText('2 unread')).toBeTruthy() // the nav badge
    fireEvent.click(screen.getByRole('button', { name: /SIP trunk down/ }))
    expect(screen.getByText('1 unread')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Mark all read' }))
    expect(screen.getByText('0 unread')).toBeTruthy()
    expect(a.id).toBeTruthy()
  })

  it('acknowledges with an idempotency key, and shows history from alert_events', async () => {
    const { h, a } = await setup()
    fireEvent.click(screen.getByRole('button', { name: /SIP trunk down/ }))
    const history = screen.getByRole('list', { name: 'Alert history' })
    expect(within(history).getByText(/Carrier ticket 4411/)).toBeTruthy()
    // Who acted: the evaluator for the raise, the member for the note.
    expect(
      within(history)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      expect.stringMatching(/raise by Alert rules$/),
      expect.stringMatching(/note by Sam Supervisor — Carrier ticket 4411$/),
    ])
    fireEvent.click(screen.getByRole('button', { name: /Acknowledge/ }))
    await h.flush()
    expect(h.api.alertActions).toHaveLength(1)
    expect(h.api.alertActions[0]).toMatchObject({ alertId: a.id, kind: 'ack' })
    expect(h.api.alertActions[0]!.clientEventId).toMatch(UUID)
    expect(await screen.findByText('Alert acknowledged')).toBeTruthy()
  })

  it('snoozes until the chosen time and resolves with a comment', async () => {
    const { h, a } = await setup()
    fireEvent.click(screen.getByRole('button', { name: /SIP trunk down/ }))
    fireEvent.change(screen.getByLabelText('Snooze for'), { target: { value: '60' } })
    fireEvent.click(screen.getByRole('button', { name: /^Snooze/ }))
    await h.flush()
    const snooze = h.api.alertActions[0]!
    expect(snooze.kind).toBe('snooze')
    const ahead = Date.parse(snooze.snoozeUntil!) - Date.now()
    expect(ahead).toBeGreaterThan(59 * 60_000)
    expect(ahead).toBeLessThanOrEqual(60 * 60_000)
    fireEvent.click(screen.getByRole('button', { name: /Resolve…/ }))
    const dialog = screen.getByRole('dialog', { name: 'Resolve alert' })
    fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: 'Carrier fixed the trunk' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Resolve' }))
    await h.flush()
    expect(h.api.alertActions[1]).toMatchObject({
      alertId: a.id,
      kind: 'resolve',
      comment: 'Carrier fixed the trunk',
    })
    expect(h.api.alertActions[1]!.clientEventId).not.toBe(snooze.clientEventId)
  })

  it('shows the failure as an error toast', async () => {
    const { h } = await setup()
    h.api.results.alertAction = {
      ok: false,
      error: { code: 'offline', message: 'Queued: will send when back online' },
    }
    fireEvent.click(screen.getByRole('button', { name: /SIP trunk down/ }))
    fireEvent.click(screen.getByRole('button', { name: /Acknowledge/ }))
    await h.flush()
    expect((await screen.findByRole('alert')).textContent).toContain('Queued: will send when back online')
  })

  it('hides every action on a read-only display', async () => {
    // A read-only view is board mode unless it asks for the console (?console).
    window.history.replaceState(null, '', '/?console')
    const { h } = await setup({ readOnly: true })
    fireEvent.click(screen.getByRole('button', { name: /SIP trunk down/ }))
    expect(screen.queryByRole('group', { name: 'Alert actions' })).toBeNull()
    expect(screen.queryByRole('button', { name: /Acknowledge/ })).toBeNull()
    fireEvent.keyDown(window, { key: 'a' })
    await h.flush()
    expect(h.api.alertActions).toHaveLength(0)
    expect(screen.getByText('Read-only')).toBeTruthy()
  })

  it('shows the empty state with no alerts', async () => {
    const h = await renderApp({ snapshot: [] })
    fireEvent.keyDown(window, { key: '4' })
    await h.flush()
    expect(screen.getByText(/No alerts/)).toBeTruthy()
  })
})
