import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { agent, call, queue, queueInterval, session, up } from './fixtures'
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

  it('reads the day’s finished calls from the quarter-hour rollups and draws the day in quarter hours', async () => {
    const Q = 15 * 60_000
    const now = Date.now()
    // Today began three quarter hours before this one (a reset on the quarter hour), whatever the time.
    const dayStart = Math.floor(now / Q) * Q - 3 * Q
    const q = queue({
      name: 'Billing',
      time_zone: 'UTC',
      daily_reset_time: new Date(dayStart).toISOString().slice(11, 19),
      sla_target_percent: 90,
    })
    const rows = [
      queueInterval(q.id, dayStart, { offered: 20, answered: 20, answered_within: 19, wait_ms: 9 * 60_000 }),
      queueInterval(q.id, dayStart + Q, { offered: 20, answered: 16, answered_within: 10, abandoned: 4 }),
      queueInterval(q.id, dayStart - Q, { offered: 99, answered: 99 }), // yesterday
    ]
    const finished = call({
      queue_id: q.id,
      status: 'completed',
      queued_at: new Date(dayStart + Q).toISOString(),
    })
    const h = await renderApp({
      snapshot: [up('queues', q), up('calls', finished), ...rows.map((r) => up('queue_intervals', r))],
    })
    const card = screen.getByRole('article', { name: 'Billing' })
    // 29 within target of 40 concluded; the finished call in the calls table is in the rollups already.
    expect(await within(card).findByText('72.5 %')).toBeTruthy()
    expect(within(card).getByText('Abandoned').parentElement!.textContent).toContain('4')
    const chart = card.querySelector('figure.chart-intraday')!
    expect(chart.getAttribute('aria-label')).toMatch(
      /^Billing today from \d\d:\d\d, service level today 72\.5 % \(target 90 %\), lowest 50\.0 % at \d\d:\d\d, 0\.0 calls waiting/,
    )
    expect(within(chart as HTMLElement).getByText('target 90 %')).toBeTruthy()
    // The database adds a finished call to its quarter hour: the figures follow.
    await h.batch([
      up('queue_intervals', {
        ...rows[1]!,
        seq: rows[1]!.seq + 50,
        offered: 21,
        answered: 17,
        answered_within: 11,
      }),
    ])
    expect(await within(card).findByText('73.2 %', {}, { timeout: 2000 })).toBeTruthy()
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
