// What a wall shows besides its board: an announcement banner until its time is up (several at once, newest
// first, a repeat not doubled), the wall's name while a supervisor identifies it, and a screen saying why
// when its token is refused (instead of "Loading the floor…" forever); the supervisor's Settings make,
// list and revoke wall displays and send announcements.
import { act, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { createTicker, setSharedTicker } from '../../src/renderer/src/lib/ticker'
import type { Announcement } from '../../src/shared/walls'
import { renderApp } from './support'

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

const MIN = 60_000
const announcement = (id: string, text: string, minutes: number): Announcement => ({
  id,
  text,
  from: 'sup@example.test',
  sentAt: new Date(now).toISOString(),
  until: new Date(now + minutes * MIN).toISOString(),
})

describe('on a wall', () => {
  it('shows announcements as a banner until each one’s time is up', async () => {
    fakeClock(Date.now())
    window.history.replaceState(null, '', '/?board')
    const h = await renderApp()
    await act(async () => h.api.emit('wall:announcement', announcement('a1', 'Huddle at 15:00', 2)))
    await act(async () => h.api.emit('wall:announcement', announcement('a2', 'Fire drill at 16:00', 10)))
    await act(async () => h.api.emit('wall:announcement', announcement('a1', 'Huddle at 15:00', 2)))
    const banner = screen.getByRole('region', { name: 'Announcements' })
    expect(
      within(banner)
        .getAllByRole('status')
        .map((p) => p.textContent),
    ).toEqual([expect.stringContaining('Huddle at 15:00'), expect.stringContaining('Fire drill at 16:00')])
    expect(banner.textContent).toContain('sup@example.test')
    await advance(3 * MIN)
    expect(screen.getByRole('region', { name: 'Announcements' }).textContent).not.toContain('Huddle')
    await advance(10 * MIN)
    expect(screen.queryByRole('region', { name: 'Announcements' })).toBeNull()
  })

  it('flashes its name while identified, for ten seconds', async () => {
    fakeClock(Date.now())
    window.history.replaceState(null, '', '/?board')
    const h = await renderApp()
    await act(async () => h.api.emit('wall:command', { command: 'identify', name: 'North wall' }))
    expect(document.querySelector('[data-identify]')?.textContent).toContain('North wall')
    await advance(11_000)
    expect(document.querySelector('[data-identify]')).toBeNull()
  })

  it('hides the mouse pointer after 3 s without a move, and shows it on the next', async () => {
    fakeClock(Date.now())
    window.history.replaceState(null, '', '/?board')
    await renderApp()
    const board = () => document.querySelector('.board')!
    expect(board().classList.contains('board-cursor-hidden')).toBe(false)
    await advance(3000)
    expect(board().classList.contains('board-cursor-hidden')).toBe(true)
    await act(async () => fireEvent.mouseMove(window))
    expect(board().classList.contains('board-cursor-hidden')).toBe(false)
    await advance(2000)
    expect(board().classList.contains('board-cursor-hidden')).toBe(false)
  })

  it('is a board on the desktop kiosk too, with its pointer hidden after 3 s (not the supervisor’s console)', async () => {
    fakeClock(Date.now())
    const h = await renderApp({ info: { kiosk: true, shell: 'electron', readOnly: false } })
    await h.flush()
    expect(document.querySelector('.board')).not.toBeNull()
    expect(screen.queryByRole('navigation', { name: 'Views' })).toBeNull()
    await advance(3000)
    expect(document.querySelector('.board')!.classList.contains('board-cursor-hidden')).toBe(true)
    // What main tells the wall (restored after a hang, reloaded for memory) shows on the board.
    await act(async () =>
      h.api.emit('app:notice', {
        level: 'warning',
        message: 'The console stopped responding and was restored.',
      }),
    )
    expect(screen.getByRole('status').textContent).toContain('stopped responding and was restored')
  })

  it('says why its token is refused, in place of the floor', async () => {
    window.history.replaceState(null, '', '/?board')
    const h = await renderApp()
    await act(async () =>
      h.api.emit('access:refused', { reason: 'revoked', message: 'The access of "North wall" was revoked.' }),
    )
    expect(screen.getByRole('heading', { name: 'Access revoked' })).toBeTruthy()
    expect(screen.getByText('The access of "North wall" was revoked.')).toBeTruthy()
    expect(document.querySelector('.board')).toBeNull()
  })
})

describe('Settings → Wall displays', () => {
  async function settings() {
    window.history.replaceState(null, '', '/')
    const h = await renderApp()
    await act(async () => h.store.getState().setView('settings'))
    return h
  }

  it('sends an announcement with its duration', async () => {
    const h = await settings()
    fireEvent.change(screen.getByLabelText('Message'), { target: { value: '  Huddle at 15:00 ' } })
    fireEvent.change(screen.getByLabelText('Show for (minutes)'), { target: { value: '20' } })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Announce' })))
    expect(h.api.calls).toContainEqual({
      method: 'announce',
      payload: { text: 'Huddle at 15:00', minutes: 20 },
    })
    expect((screen.getByLabelText('Message') as HTMLInputElement).value).toBe('')
  })

  it('adds a named wall display, shows its address once, and revokes it after a confirmation', async () => {
    const h = await settings()
    fireEvent.change(screen.getByLabelText('Name of the new wall display'), {
      target: { value: 'North wall' },
    })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Add wall display' })))
    expect(document.querySelector('.wall-address')?.textContent).toMatch(/\?token=fw_wall_secret1$/)
    const row = await screen.findByRole('row', { name: /North wall/ })
    await act(async () => fireEvent.click(within(row).getByRole('button', { name: 'Identify' })))
    expect(h.api.calls).toContainEqual({
      method: 'commandWall',
      payload: { id: expect.any(String), command: 'identify' },
    })
    fireEvent.click(within(row).getByRole('button', { name: 'Revoke…' }))
    expect(h.api.calls.some((c) => c.method === 'revokeWall')).toBe(false)
    await act(async () => fireEvent.click(within(row).getByRole('button', { name: /Revoke North wall/ })))
    expect(h.api.calls.some((c) => c.method === 'revokeWall')).toBe(true)
    expect((await screen.findByRole('row', { name: /North wall/ })).textContent).toMatch(/Revoked/)
  })
})
