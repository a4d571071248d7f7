// Offline first in the renderer: a cached floor is labelled CACHED with its age until a catch-up makes it
// the server's; what the catch-up found is listed under "While you were away" (never as news); actions
// saved offline are shown as pending and said to be queued, not done.
import { act, fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Delta, DeltaBatch, Frame } from '../../src/shared/domain/delta'
import { agent, alert, call, health, queue, session, up } from './fixtures'
import { renderApp, type Harness } from './support'

let frameId = 100
async function frame(h: Harness, kind: Frame['kind'], deltas: Delta[], extra: Partial<Frame>) {
  const batch: DeltaBatch = {
    deltas,
    frame: { id: ++frameId, kind, first: true, last: true, source: 'server', ...extra },
  }
  h.api.emit('floor:batch', batch)
  await h.flush()
}

const MIN = 60_000

describe('a cached floor', () => {
  it('is labelled CACHED with its time and age until a catch-up confirms it', async () => {
    const h = await renderApp()
    const asOf = Date.now() - 4 * MIN
    await h.health({
      ...health('CONNECTING', 'The backend does not answer'),
      data: { source: 'cache', asOf, live: false },
    })
    await frame(h, 'snapshot', [up('queues', queue({ name: 'Sales' }))], { source: 'cache' })
    const banner = screen.getByRole('status', { name: '' })
    expect(banner.textContent).toMatch(
      /^CACHED — showing the last known floor as of \d\d:\d\d:\d\d, 4 min old\./,
    )
    expect(banner.textContent).toContain('The backend does not answer')
    expect(document.querySelector('.app-main')?.classList.contains('is-stale')).toBe(true)
    // The catch-up changed nothing, yet the rows are the server's now.
    await frame(h, 'resync', [], { source: 'server', gapMs: 4 * MIN })
    expect(h.store.getState().floor.source).toBe('server')
    expect(screen.queryByText('CACHED')).toBeNull()
    expect(document.querySelector('.app-main')?.classList.contains('is-stale')).toBe(false)
  })
})

describe('while you were away', () => {
  async function floorWithAgent() {
    const a = agent({ name: 'Ada Lovelace' })
    const s = session(a.id, { status: 'available' })
    const c = call({ status: 'queued' })
    const old = alert({ title: 'Trunk flapping', status: 'open' })
    const h = await renderApp({
      snapshot: [up('agents', a), up('agent_sessions', s), up('calls', c), up('alerts', old)],
    })
    return { h, a, s, c, old }
  }

  it('lists what a catch-up after a gap found, none of it as news, until dismissed', async () => {
    const { h, s, c, old } = await floorWithAgent()
    await frame(
      h,
      'resync',
      [
        up('calls', { ...c, status: 'abandoned', seq: c.seq + 1 }),
        up('alerts', alert({ title: 'SIP trunk down', severity: 'critical' })),
        up('alerts', { ...old, status: 'resolved', seq: old.seq + 1 }),
        up('agent_sessions', { ...s, status: 'break', seq: s.seq + 1 }),
      ],
      { gapMs: 5 * MIN },
    )
    const panel = screen.getByRole('region', { name: 'While you were away' })
    const items = within(panel)
      .getAllByRole('listitem')
      .map((li) => li.textContent)
    expect(items).toEqual([
      expect.stringMatching(/^Caller .* abandoned$/),
      'Alert raised: SIP trunk down',
      'Alert resolved: Trunk flapping',
      'Ada Lovelace: available → break',
    ])
    expect(within(panel).getByText(/since \d\d:\d\d:\d\d · 4 changes/)).toBeTruthy()
    expect(h.store.getState().floor.activity).toEqual([])
    fireEvent.click(within(panel).getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('region', { name: 'While you were away' })).toBeNull()
  })

  it('says nothing after a blip: a catch-up of a short gap is not an absence', async () => {
    const { h, c } = await floorWithAgent()
    await frame(h, 'resync', [up('calls', { ...c, status: 'abandoned', seq: c.seq + 1 })], { gapMs: 3_000 })
    expect(h.store.getState().floor.tables.calls.get(c.id)?.status).toBe('abandoned')
    expect(screen.queryByRole('region', { name: 'While you were away' })).toBeNull()
  })

  it('forgets the summary when the whole floor is replaced (another org, a reload)', async () => {
    const { h, c } = await floorWithAgent()
    await frame(h, 'resync', [up('calls', { ...c, status: 'abandoned', seq: c.seq + 1 })], { gapMs: 5 * MIN })
    expect(h.store.getState().floor.away?.total).toBe(1)
    await frame(h, 'snapshot', [up('queues', queue())], {})
    expect(h.store.getState().floor.away).toBeNull()
  })
})

describe('actions saved offline', () => {
  it('are said to be queued, not done, and shown as pending on their alert until sent', async () => {
    const a = alert({ title: 'Abandon rate high' })
    const h = await renderApp({ snapshot: [up('alerts', a)] })
    h.api.results.alertAction = { ok: true, data: { status: 'queued' } }
    await act(async () => h.store.getState().setView('alerts'))
    fireEvent.click(screen.getByRole('button', { name: /Abandon rate high/ }))
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /^Acknowledge/ }))
    })
    expect(
      screen.getByText(/Saved offline: the acknowledgement will be sent when the connection is back/),
    ).toBeTruthy()
    expect(screen.queryByText('Alert acknowledged')).toBeNull()
    const pending = {
      clientEventId: h.api.alertActions[0]!.clientEventId,
      alertId: a.id,
      kind: 'ack' as const,
    }
    await act(async () =>
      h.api.emit('outbox:changed', [{ ...pending, queuedAt: Date.now(), state: 'queued' }]),
    )
    expect(screen.getByText('Pending (1)')).toBeTruthy()
    expect(screen.getByText(/Pending: your acknowledgement is saved on this machine/)).toBeTruthy()
    await act(async () => h.api.emit('outbox:changed', []))
    expect(screen.queryByText('Pending (1)')).toBeNull()
  })
})
