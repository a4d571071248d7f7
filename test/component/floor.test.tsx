import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { agent, call, queue, session, up } from './fixtures'
import { renderApp } from './support'

describe('Floor overview', () => {
  it('shows loading until the first snapshot, then the empty state with no queues', async () => {
    const h = await renderApp()
    expect(screen.getByText(/Loading the floor/)).toBeTruthy()
    await h.batch([], 'snapshot')
    expect(screen.getByText(/No queues are set up/)).toBeTruthy()
  })

  it('computes each queue’s figures in its zone and updates live', async () => {
    const q = queue({ name: 'Support', time_zone: 'Asia/Manila' })
    const now = Date.now()
    const answered = call({
      queue_id: q.id,
      status: 'active',
      queued_at: new Date(now - 60_000).toISOString(),
      answered_at: new Date(now - 50_000).toISOString(),
    })
    const waiting = call({
      queue_id: q.id,
      status: 'queued',
      queued_at: new Date(now - 30_000).toISOString(),
    })
    const h = await renderApp({ snapshot: [up('queues', q), up('calls', answered), up('calls', waiting)] })
    const card = screen.getByRole('article', { name: 'Support' })
    expect(within(card).getByText(/Manila time/)).toBeTruthy()
    expect(await within(card).findByText('100.0 %')).toBeTruthy()
    expect(within(card).getByText('meets target')).toBeTruthy()
    // Waiting: 1 → 2 when another call queues.
    const waitingFigure = within(card).getByText('Waiting').parentElement!
    expect(waitingFigure.textContent).toContain('1')
    await h.batch([
      up('calls', call({ queue_id: q.id, status: 'queued', queued_at: new Date().toISOString() })),
    ])
    await screen.findByText(
      (_, el) => el === waitingFigure && /2$/.test(el.textContent ?? ''),
      {},
      { timeout: 2000 },
    )
  })

  it('shows agents by state from the latest session per agent', async () => {
    const a = agent()
    const b = agent({ name: 'Ben Silva' })
    await renderApp({
      snapshot: [
        up('queues', queue()),
        up('agents', a),
        up('agents', b),
        up('agent_sessions', session(a.id, { status: 'on_call' })),
        up('agent_sessions', session(b.id, { status: 'break' })),
      ],
    })
    const card = screen.getByRole('article', { name: 'Agents by state' })
    const onCall = within(card).getByText('on call').closest('li')!
    expect(onCall.textContent).toMatch(/1$/)
    expect(within(card).getByText('break').closest('li')!.textContent).toMatch(/1$/)
  })

  it('coalesces batches: many batches before a frame are one store update', async () => {
    const q = queue()
    const h = await renderApp({ snapshot: [up('queues', q)] })
    const before = h.storeUpdates()
    for (let i = 0; i < 50; i++)
      h.api.emit('floor:batch', { deltas: [up('calls', call({ queue_id: q.id }))] })
    await h.flush()
    expect(h.storeUpdates() - before).toBe(1)
    expect(h.store.getState().floor.tables.calls.size).toBe(50)
  })
})
