import { fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { agent, call, queue, up } from './fixtures'
import { renderApp } from './support'

async function openCalls(h: Awaited<ReturnType<typeof renderApp>>) {
  fireEvent.keyDown(window, { key: '2' })
  await h.flush()
  return screen.getByRole('table', { name: 'Live calls' })
}

describe('Live calls', () => {
  it('renders only a window of rows out of 10,000 live calls', async () => {
    const q = queue()
    const calls = Array.from({ length: 10_000 }, (_, i) =>
      up('calls', call({ queue_id: q.id, caller_masked: `+44 •••• ${i}` })),
    )
    const h = await renderApp({ snapshot: [up('queues', q), ...calls] })
    const table = await openCalls(h)
    expect(table.getAttribute('aria-rowcount')).toBe('10001')
    const rows = within(table).getAllByRole('row')
    expect(rows.length).toBeGreaterThan(5)
    expect(rows.length).toBeLessThan(100)
    expect(screen.getByText('10,000 of 10,000 calls')).toBeTruthy()
  })

  it('searches, filters by status and sorts', async () => {
    const q = queue({ name: 'Billing' })
    const a = agent({ name: 'Priya Martin' })
    const h = await renderApp({
      snapshot: [
        up('queues', q),
        up('agents', a),
        up(
          'calls',
          call({ queue_id: q.id, agent_id: a.id, status: 'active', caller_masked: '+44 •••• 1111' }),
        ),
        up('calls', call({ queue_id: q.id, status: 'queued', caller_masked: '+44 •••• 2222' })),
        up('calls', call({ queue_id: q.id, status: 'completed', caller_masked: '+44 •••• 3333' })),
      ],
    })
    const table = await openCalls(h)
    // "Live" hides ended calls by default.
    expect(within(table).queryByText('+44 •••• 3333')).toBeNull()
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'priya' } })
    expect(within(table).getByText('+44 •••• 1111')).toBeTruthy()
    expect(within(table).queryByText('+44 •••• 2222')).toBeNull()
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: '' } })
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'all' } })
    expect(within(table).getByText('+44 •••• 3333')).toBeTruthy()
    fireEvent.click(within(table).getByRole('button', { name: /Caller/ }))
    const callers = within(table)
      .getAllByRole('button', { name: /\+44/ })
      .map((b) => b.textContent)
    expect(callers).toEqual(['+44 •••• 3333', '+44 •••• 2222', '+44 •••• 1111'])
  })

  it('updates a row live and opens its status history', async () => {
    const c = call({ caller_masked: '+44 •••• 7777', status: 'queued' })
    const h = await renderApp({ snapshot: [up('calls', c)] })
    const table = await openCalls(h)
    expect(within(table).getByText('queued')).toBeTruthy()
    const answered = {
      ...c,
      seq: c.seq + 10,
      status: 'active' as const,
      answered_at: new Date().toISOString(),
      status_changed_at: new Date().toISOString(),
    }
    await h.batch([up('calls', answered)])
    expect(within(table).getByText('active')).toBeTruthy()
    fireEvent.click(within(table).getByRole('button', { name: '+44 •••• 7777' }))
    const dialog = screen.getByRole('dialog', { name: 'Call +44 •••• 7777' })
    expect(within(dialog).getByText(/Queued/)).toBeTruthy()
    expect(within(dialog).getByText(/Answered/)).toBeTruthy()
    const seen = within(dialog)
      .getAllByText(/queued|active/)
      .map((e) => e.textContent?.trim())
    expect(seen).toEqual(expect.arrayContaining(['◔ queued', '● active']))
    fireEvent.keyDown(dialog, { key: 'Escape' })
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('shows the empty state when no call matches', async () => {
    const h = await renderApp({ snapshot: [up('calls', call())] })
    await h.flush()
    fireEvent.keyDown(window, { key: '2' })
    await h.flush()
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'nobody' } })
    expect(screen.getByText('No calls match these filters.')).toBeTruthy()
  })
})
