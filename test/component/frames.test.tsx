// Nothing in a snapshot is news, and nobody sees half a floor: the renderer holds a frame's batches until
// its last one, makes activity from live news only, and freezes live durations while the data is not
// confirmed current.
import { act, screen, within } from '@testing-library/react'
import { createTicker, setSharedTicker } from '../../src/renderer/src/lib/ticker'
import { describe, expect, it } from 'vitest'
import type { Delta, DeltaBatch } from '../../src/shared/domain/delta'
import { agent, alert, call, health, queue, session, up } from './fixtures'
import { renderApp } from './support'

const framed = (
  id: number,
  kind: 'snapshot' | 'resync',
  deltas: Delta[],
  first: boolean,
  last: boolean,
): DeltaBatch => ({
  deltas,
  frame: { id, kind, first, last, source: 'server' },
})

describe('frames in the renderer', () => {
  it('applies a snapshot frame split over batches only once its last batch arrives', async () => {
    const h = await renderApp()
    const q = queue({ name: 'Billing' })
    h.api.emit('floor:batch', framed(1, 'snapshot', [up('queues', q)], true, false))
    h.api.emit('floor:batch', framed(1, 'snapshot', [up('calls', call({ queue_id: q.id }))], false, false))
    await h.flush()
    expect(h.store.getState().floor.loaded).toBe(false)
    expect(h.store.getState().floor.tables.queues.size).toBe(0)
    h.api.emit('floor:batch', framed(1, 'snapshot', [up('calls', call({ queue_id: q.id }))], false, true))
    await h.flush()
    expect(h.store.getState().floor).toMatchObject({ loaded: true, source: 'server' })
    expect(h.store.getState().floor.tables.calls.size).toBe(2)
  })

  it('makes activity from live news only: never from a snapshot or a resync', async () => {
    const a = agent({ name: 'Ada Lovelace' })
    const h = await renderApp({
      snapshot: [
        up('agents', a),
        up('agent_sessions', session(a.id)),
        up('alerts', alert({ title: 'Old alert' })),
      ],
    })
    expect(h.store.getState().floor.activity).toEqual([])
    const away = alert({ title: 'Raised while away' })
    await h.batch([up('alerts', away), up('calls', call({ status: 'abandoned' }))], 'resync')
    expect(h.store.getState().floor.activity).toEqual([])
    expect(h.store.getState().floor.tables.alerts.has(away.id)).toBe(true)
    await h.batch([up('alerts', alert({ title: 'SIP trunk down' }))])
    expect(h.store.getState().floor.activity.map((i) => i.text)).toEqual(['Alert raised: SIP trunk down'])
  })

  it('a new snapshot replaces the floor without creating activity (a reload, another org)', async () => {
    const h = await renderApp({ snapshot: [up('alerts', alert({ title: 'A' }))] })
    await h.batch([up('alerts', alert({ title: 'B' })), up('alerts', alert({ title: 'C' }))], 'snapshot')
    expect(h.store.getState().floor.tables.alerts.size).toBe(2)
    expect(h.store.getState().floor.activity).toEqual([])
  })

  it('freezes live durations while the data is stale instead of counting into a warning', async () => {
    let now = Math.ceil(Date.now() / 1000) * 1000
    const listeners = new Set<() => void>()
    setSharedTicker({ subscribe: (l) => (listeners.add(l), () => void listeners.delete(l)), get: () => now })
    const advance = (ms: number) =>
      act(async () => {
        now += ms
        for (const l of listeners) l()
      })
    try {
      const q = queue({ name: 'Sales' })
      const queued = call({
        queue_id: q.id,
        status: 'queued',
        queued_at: new Date(now - 6_000).toISOString(),
      })
      const h = await renderApp({ snapshot: [up('queues', q), up('calls', queued)] })
      const card = screen.getByRole('article', { name: 'Sales' })
      const longest = () => within(card).getByText('Longest wait').parentElement!.textContent ?? ''
      expect(longest()).toContain('0:06')
      await advance(10_000)
      expect(longest()).toContain('0:16')
      // Confirmed current as of now; then nothing more: the figure stays what it was then.
      await h.health({ ...health('STALE'), data: { source: 'server', asOf: now, live: false } })
      await advance(60_000)
      expect(longest()).toContain('0:16')
      // Live again: it counts on from the wall clock.
      await h.health({ ...health('LIVE'), data: { source: 'server', asOf: now, live: true } })
      await advance(1_000)
      expect(longest()).toContain('1:17')
    } finally {
      setSharedTicker(createTicker())
    }
  })
})
