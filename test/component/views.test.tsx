import { fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { agent, campaign, call, heartbeat, health, monitor, monitorRollup, session, up } from './fixtures'
import { renderApp } from './support'

async function go(h: Awaited<ReturnType<typeof renderApp>>, key: string) {
  fireEvent.keyDown(window, { key })
  await h.flush()
}

describe('views', () => {
  it('Agents: state, current call and the idle flag after 5 minutes without a heartbeat', async () => {
    const a = agent({ name: 'Ada Okafor' })
    const b = agent({ name: 'Ben Silva' })
    const c = call({ caller_masked: '+44 •••• 9090', status: 'active' })
    const h = await renderApp({
      snapshot: [
        up('agents', a),
        up('agents', b),
        up('calls', c),
        up(
          'agent_sessions',
          session(a.id, {
            status: 'available',
            last_seen_at: new Date(Date.now() - 6 * 60_000).toISOString(),
          }),
        ),
        up('agent_sessions', session(b.id, { status: 'on_call', current_call_id: c.id })),
      ],
    })
    await go(h, '3')
    const table = screen.getByRole('table', { name: 'Agents' })
    const ada = within(table).getByText('Ada Okafor').closest('[role="row"]') as HTMLElement
    expect(within(ada).getByText(/idle > 5 min/)).toBeTruthy()
    const ben = within(table).getByText('Ben Silva').closest('[role="row"]') as HTMLElement
    expect(within(ben).queryByText(/idle/)).toBeNull()
    expect(within(ben).getByText('+44 •••• 9090 (active)')).toBeTruthy()
  })

  it('Services: status, uptime over 24 hours and 30 days from the rollups, last heartbeats', async () => {
    const m = monitor({ name: 'SIP trunk A', status: 'down' })
    const beats = [
      heartbeat(m.id, { status: 'up' }),
      heartbeat(m.id, { status: 'up' }),
      heartbeat(m.id, { status: 'up' }),
      heartbeat(m.id, { status: 'down', ping_ms: null }),
    ]
    const HOUR = 3600_000
    const DAY = 24 * HOUR
    const hour = Math.floor(Date.now() / HOUR) * HOUR
    const day = Math.floor(Date.now() / DAY) * DAY
    const rollups = [
      monitorRollup(m.id, 'hour', hour, { checks: 120, pinged: 120, ping_ms_total: 2400 }),
      monitorRollup(m.id, 'hour', hour - 5 * HOUR, { checks: 120, down: 30, pinged: 90 }),
      monitorRollup(m.id, 'hour', hour - 30 * HOUR, { checks: 120, down: 120 }), // older than 24 h
      monitorRollup(m.id, 'day', day, { checks: 240, down: 30 }),
      monitorRollup(m.id, 'day', day - 10 * DAY, { checks: 2880 }),
    ]
    const h = await renderApp({
      snapshot: [
        up('monitors', m),
        ...beats.map((b) => up('heartbeats', b)),
        ...rollups.map((r) => up('monitor_rollups', r)),
      ],
    })
    await go(h, '5')
    const card = screen.getByRole('article', { name: /SIP trunk A/ })
    const figure = (label: string) => within(card).getByText(label).closest('.figure') as HTMLElement
    expect(figure('Uptime 24 h').textContent).toBe('Uptime 24 h87.50 %30 of 240 checks failed')
    expect(figure('Uptime 30 d').textContent).toBe('Uptime 30 d99.04 %30 of 3,120 checks failed')
    expect(card.querySelector('.card-header [data-status="down"]')?.textContent).toBe('▼ down')
    const hours = within(card).getByRole('list', { name: 'Uptime by hour, last 24 hours' })
    expect(hours.children).toHaveLength(24)
    // The hour with failed checks in colour and words; hours nothing checked are gaps, never "up".
    expect(hours.children[18]!.className).toBe('uptime-bucket uptime-down')
    expect(hours.children[18]!.textContent).toMatch(/: 75\.00 % up, 30 of 120 failed$/)
    expect(hours.children[23]!.className).toBe('uptime-bucket uptime-up')
    expect(hours.querySelectorAll('.uptime-none')).toHaveLength(22)
    const days = within(card).getByRole('list', { name: 'Uptime by day, last 30 days' })
    expect(days.children).toHaveLength(30)
    expect(days.children[29]!.className).toBe('uptime-bucket uptime-down')
    expect(days.children[19]!.className).toBe('uptime-bucket uptime-up')
    expect(within(card).getByRole('list', { name: 'Last 4 heartbeats' }).children).toHaveLength(4)
    // A new check reaches the figures live (the database keeps the rollup; the console receives it).
    await h.batch([
      up('monitor_rollups', { ...rollups[0]!, seq: rollups[0]!.seq + 100, checks: 121, down: 1 }),
    ])
    expect(figure('Uptime 24 h').textContent).toContain('31 of 241 checks failed')
  })

  it('Services: a down period is a gap in the ping chart, not a line across it', async () => {
    const m = monitor({ name: 'SIP trunk B', status: 'up' })
    const at = (sAgo: number) => new Date(Date.now() - sAgo * 1000).toISOString()
    const beats = [
      heartbeat(m.id, { status: 'up', ping_ms: 40, checked_at: at(50) }),
      heartbeat(m.id, { status: 'up', ping_ms: 42, checked_at: at(40) }),
      heartbeat(m.id, { status: 'down', ping_ms: null, checked_at: at(30) }),
      heartbeat(m.id, { status: 'up', ping_ms: 41, checked_at: at(20) }),
      heartbeat(m.id, { status: 'up', ping_ms: 39, checked_at: at(10) }),
    ]
    const h = await renderApp({ snapshot: [up('monitors', m), ...beats.map((b) => up('heartbeats', b))] })
    await go(h, '5')
    const card = screen.getByRole('article', { name: /SIP trunk B/ })
    expect(card.querySelector('figcaption')?.textContent).toBe('Ping in ms, 4 points, 1 down')
    // recharts draws no path without layout (jsdom): the rows with their null break are tested in
    // test/unit/series-gaps.test.ts.
  })

  it('Services: says so when the checks do not come at the cadence shown, or stopped', async () => {
    const at = (sAgo: number) => new Date(Date.now() - sAgo * 1000).toISOString()
    const fast = monitor({ name: 'Queue DB', interval_seconds: 5 })
    const slow = monitor({ name: 'CRM API', interval_seconds: 5 })
    const stopped = monitor({ name: 'SIP trunk', interval_seconds: 5 })
    const beats = [
      ...[1, 6, 11, 16, 21].map((s) => heartbeat(fast.id, { checked_at: at(s) })),
      ...[2, 17, 32, 47, 62].map((s) => heartbeat(slow.id, { checked_at: at(s) })),
      ...[200, 205, 210, 215].map((s) => heartbeat(stopped.id, { checked_at: at(s) })),
    ]
    const rows = [fast, slow, stopped].map((m) => up('monitors', m))
    const h = await renderApp({ snapshot: [...rows, ...beats.map((b) => up('heartbeats', b))] })
    await go(h, '5')
    const card = (name: string) => screen.getByRole('article', { name: new RegExp(name) })
    expect(within(card('Queue DB')).getByText(/every 5 s/).textContent).toContain('every 5 s')
    expect(card('Queue DB').querySelector('[data-cadence]')).toBeNull()
    expect(card('CRM API').querySelector('[data-cadence="mismatch"]')?.textContent).toBe(
      'Checks are arriving every 15 s, not every 5 s.',
    )
    expect(card('SIP trunk').querySelector('[data-cadence="overdue"]')?.textContent).toBe(
      'Last check 3 min ago: the checker may have stopped.',
    )
    // While the console itself hears nothing, silence is not the checker's fault.
    await h.health(health('STALE'))
    expect(card('SIP trunk').querySelector('[data-cadence]')).toBeNull()
  })

  it('Campaigns: dial progress, calls, and bid changes in recent changes', async () => {
    const c = campaign({ name: 'Win-back', dialed: 500, dial_target: 1000, bid: 1.5 })
    const h = await renderApp({
      snapshot: [up('campaigns', c), up('calls', call({ campaign_id: c.id, status: 'active' }))],
    })
    await go(h, '6')
    const row = screen.getByRole('row', { name: /Win-back/ })
    expect(within(row).getByText('500 / 1,000 (50 %)')).toBeTruthy()
    expect(within(row).getByText('1 / 1')).toBeTruthy()
    await h.batch([up('campaigns', { ...c, seq: c.seq + 5, bid: 1.75 })])
    expect(screen.getByText('Campaign Win-back: bid $1.50 → $1.75')).toBeTruthy()
  })

  it('Campaigns: bid and payout in the campaign’s currency', async () => {
    const eur = campaign({ name: 'Rückgewinnung', bid: 4.5, payout: 12, currency: 'EUR' })
    const jpy = campaign({ name: 'Tokyo', bid: 450, payout: 1200.5, currency: 'JPY' })
    // A database from before the currency migration: the bare amount, never a guessed currency.
    const bare = campaign({ name: 'Legacy', bid: 2, payout: 3.25, currency: null })
    const h = await renderApp({ snapshot: [eur, jpy, bare].map((c) => up('campaigns', c)) })
    await go(h, '6')
    const cells = (name: string) =>
      within(screen.getByRole('row', { name: new RegExp(name) }))
        .getAllByRole('cell')
        .slice(-2)
        .map((td) => td.textContent)
    expect(cells('Rückgewinnung')).toEqual(['€4.50', '€12.00'])
    expect(cells('Tokyo')).toEqual(['¥450', '¥1,200.5'])
    expect(cells('Legacy')).toEqual(['2.00', '3.25'])
    await h.batch([up('campaigns', { ...eur, seq: eur.seq + 1, payout: 13.5 })])
    expect(screen.getByText('Campaign Rückgewinnung: payout €12.00 → €13.50')).toBeTruthy()
  })

  it('Activity: pauses while the pointer is over it, then catches up', async () => {
    const m = monitor({ name: 'IVR', status: 'up' })
    const h = await renderApp({ snapshot: [up('monitors', m)] })
    await go(h, '7')
    await h.batch([up('monitors', { ...m, seq: m.seq + 1, status: 'down' })])
    const feed = screen.getByRole('list', { name: 'Activity feed' })
    expect(within(feed).getByText('IVR is down')).toBeTruthy()
    fireEvent.mouseEnter(feed)
    await h.batch([up('monitors', { ...m, seq: m.seq + 2, status: 'up' })])
    expect(within(feed).queryByText('IVR is up')).toBeNull()
    expect(screen.getByText('Paused · 1 new')).toBeTruthy()
    fireEvent.mouseLeave(feed)
    expect(within(feed).getByText('IVR is up')).toBeTruthy()
  })

  it('Health: state, reason, metrics, channels; exports diagnostics as a JSON download', async () => {
    const h = await renderApp({ snapshot: [] })
    await h.health({
      ...health('DEGRADED', 'Polling over REST'),
      gaps: [{ table: 'calls', missed: 4, caughtUp: 4, at: Date.now() }],
    })
    await go(h, '8')
    expect(screen.getByText('Polling over REST', { selector: '.health-reason' })).toBeTruthy()
    expect(screen.getByText('realtime:floor:x')).toBeTruthy()
    expect(screen.getAllByRole('cell', { name: '4' })).toHaveLength(2) // missed, caught up
    const createObjectURL = vi.fn(() => 'blob:diag')
    URL.createObjectURL = createObjectURL
    URL.revokeObjectURL = vi.fn()
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    fireEvent.keyDown(window, { key: 'e' })
    await h.flush()
    expect(await screen.findByText('Diagnostics exported')).toBeTruthy()
    expect(createObjectURL).toHaveBeenCalledTimes(1)
    expect(click).toHaveBeenCalledTimes(1)
    click.mockRestore()
  })
})
