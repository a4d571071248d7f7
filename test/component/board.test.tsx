// Board mode (wall displays): chosen by a wall token or ?board, big tiles from the wall's profile, thresholds
// told by colour, icon and word, a playlist turning with the clock, and an overlay whenever data is not live.
import { act, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { createTicker, setSharedTicker } from '../../src/renderer/src/lib/ticker'
import type { RowByTable } from '../../src/shared/domain/tables'
import { ORG, call, health, monitor, queue, up, uuid } from './fixtures'
import { renderApp } from './support'

function profile(layout: unknown, p: Partial<RowByTable['wallboard_profiles']> = {}) {
  return {
    id: uuid(),
    org_id: ORG,
    seq: 1000 + Math.floor(Math.random() * 1000),
    updated_at: new Date().toISOString(),
    name: 'Main floor',
    layout,
    rotation_seconds: 0,
    ...p,
  } as RowByTable['wallboard_profiles']
}

let now = Date.now()
const listeners = new Set<() => void>()
function fakeClock(at: number): void {
  now = at
  setSharedTicker({ subscribe: (l) => (listeners.add(l), () => void listeners.delete(l)), get: () => now })
}
async function advance(ms: number): Promise<void> {
  now += ms
  await act(async () => listeners.forEach((l) => l()))
}
afterEach(() => setSharedTicker(createTicker()))

function waitingCalls(n: number, q: RowByTable['queues']) {
  return Array.from({ length: n }, () =>
    up('calls', call({ queue_id: q.id, status: 'queued', queued_at: new Date(now - 5_000).toISOString() })),
  )
}

const tile = (name: string) => screen.getByRole('region', { name })

describe('Board mode', () => {
  it('a wall (read-only) view is a board: no navigation, no header actions', async () => {
    fakeClock(Date.now())
    const q = queue()
    await renderApp({
      info: { readOnly: true },
      snapshot: [up('queues', q), up('wallboard_profiles', profile({ tiles: ['waiting', 'alerts'] }))],
    })
    expect(screen.queryByRole('navigation', { name: 'Views' })).toBeNull()
    expect(screen.getByRole('heading', { name: 'Main floor', level: 1 })).toBeTruthy()
    expect(tile('Calls waiting')).toBeTruthy()
    expect(tile('Open alerts')).toBeTruthy()
    expect(screen.queryByRole('region', { name: 'Service level' })).toBeNull()
  })

  it('?console keeps the read-only console for a desk', async () => {
    window.history.replaceState(null, '', '/?console')
    await renderApp({ info: { readOnly: true }, snapshot: [] })
    expect(screen.getByRole('navigation', { name: 'Views' })).toBeTruthy()
  })

  it('colours a tile by the profile’s thresholds with an icon and a word, and recolours live', async () => {
    fakeClock(Date.now())
    window.history.replaceState(null, '', '/?board')
    const q = queue()
    const p = profile({ tiles: ['waiting'], thresholds: { waiting: { warn: 2, bad: 4 } } })
    const h = await renderApp({
      snapshot: [up('queues', q), up('wallboard_profiles', p), ...waitingCalls(3, q)],
    })
    const t = tile('Calls waiting')
    expect(t.dataset.level).toBe('warn')
    expect(within(t).getByText('Warning')).toBeTruthy()
    expect(within(t).getByText('▲')).toBeTruthy()
    await h.batch([
      up('wallboard_profiles', {
        ...p,
        seq: p.seq + 1,
        layout: { tiles: ['waiting'], thresholds: { waiting: { warn: 1, bad: 3 } } },
      }),
    ])
    expect(tile('Calls waiting').dataset.level).toBe('bad')
    expect(within(tile('Calls waiting')).getByText('Critical')).toBeTruthy()
    await h.batch([
      up('wallboard_profiles', {
        ...p,
        seq: p.seq + 2,
        layout: { tiles: ['waiting'], thresholds: { waiting: { warn: 10, bad: 20 } } },
      }),
    ])
    expect(tile('Calls waiting').dataset.level).toBe('ok')
    expect(within(tile('Calls waiting')).getByText('OK')).toBeTruthy()
  })

  it('turns through the playlist with the clock and shows the progress', async () => {
    fakeClock(Math.floor(Date.now() / 30_000) * 30_000 * 2 + 1_000) // an even turn: the first board
    window.history.replaceState(null, '', '/?board')
    const layout = {
      boards: [
        { name: 'Queues', tiles: ['waiting', 'service-level'] },
        { name: 'Services', tiles: ['monitors'] },
      ],
    }
    await renderApp({
      snapshot: [
        up('queues', queue()),
        up('monitors', monitor({ status: 'down' })),
        up('wallboard_profiles', profile(layout, { rotation_seconds: 30 })),
      ],
    })
    const turn = Math.floor(now / 30_000) % 2
    const first = turn === 0 ? 'Calls waiting' : 'Services down'
    const second = turn === 0 ? 'Services down' : 'Calls waiting'
    expect(tile(first)).toBeTruthy()
    const bar = screen.getByRole('progressbar')
    const before = Number(bar.getAttribute('aria-valuenow'))
    await advance(10_000)
    expect(Number(screen.getByRole('progressbar').getAttribute('aria-valuenow'))).toBeGreaterThan(before)
    await advance(30_000)
    expect(tile(second)).toBeTruthy()
    expect(screen.queryByRole('region', { name: first })).toBeNull()
    expect(
      within(screen.getByRole('list', { name: 'Boards in this playlist' })).getAllByRole('listitem'),
    ).toHaveLength(2)
  })

  it('names what is wrong with a hand-edited layout and still shows a board', async () => {
    fakeClock(Date.now())
    window.history.replaceState(null, '', '/?board')
    await renderApp({
      snapshot: [
        up('queues', queue()),
        up(
          'wallboard_profiles',
          profile({ tiles: ['waiting', 'bogus'], thresholds: { waiting: { warn: 9, bad: 1 } } }),
        ),
      ],
    })
    expect(tile('Calls waiting')).toBeTruthy()
    const note = screen.getByRole('note')
    expect(note.textContent).toContain('unknown tile "bogus"')
    expect(note.textContent).toContain('thresholds.waiting')
  })

  it('picks the profile named in ?board=', async () => {
    fakeClock(Date.now())
    window.history.replaceState(null, '', '/?board=Lobby')
    await renderApp({
      snapshot: [
        up('queues', queue()),
        up('wallboard_profiles', profile({ tiles: ['waiting'] })),
        up('wallboard_profiles', profile({ tiles: ['alerts'] }, { name: 'Lobby' })),
      ],
    })
    expect(screen.getByRole('heading', { name: 'Lobby', level: 1 })).toBeTruthy()
    expect(tile('Open alerts')).toBeTruthy()
  })

  it('covers the board while data is not live, with its age, and leaves by itself', async () => {
    fakeClock(Date.now())
    window.history.replaceState(null, '', '/?board')
    const h = await renderApp({ snapshot: [up('queues', queue()), up('wallboard_profiles', profile({}))] })
    await h.health(health('LIVE'))
    expect(screen.queryByRole('alert')).toBeNull()
    const asOf = now - 125_000
    await h.health({ ...health('OFFLINE'), data: { source: 'server', asOf, live: false } })
    const overlay = screen.getByRole('alert')
    expect(overlay.dataset.overlay).toBe('OFFLINE')
    expect(overlay.textContent).toContain('Data from 2 min ago')
    await h.health({ ...health('CONNECTING'), data: { source: 'cache', asOf, live: false } })
    expect(screen.getByRole('alert').dataset.overlay).toBe('CACHED')
    expect(screen.getByRole('alert').textContent).toMatch(/Data from 2 min ago \(as of \d\d:\d\d:\d\d\)/)
    await h.health({ ...health('STALE'), data: { source: 'server', asOf, live: false } })
    expect(screen.getByRole('alert').dataset.overlay).toBe('STALE')
    // Rows the store still holds from the offline cache are CACHED even once the channel is live again,
    // until a catch-up frame from the server confirms them.
    h.api.emit('floor:batch', {
      deltas: [],
      frame: { id: 900, kind: 'snapshot', first: true, last: true, source: 'cache' },
    })
    await h.flush()
    await h.health({ ...health('LIVE'), data: { source: 'server', asOf: now, live: true } })
    expect(screen.getByRole('alert').dataset.overlay).toBe('CACHED')
    h.api.emit('floor:batch', {
      deltas: [],
      frame: { id: 901, kind: 'resync', first: true, last: true, source: 'server', gapMs: 1000 },
    })
    await h.flush()
    await h.health(health('LIVE'))
    expect(screen.queryByRole('alert')).toBeNull()
  })
})
