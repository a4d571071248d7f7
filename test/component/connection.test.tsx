import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { HealthState } from '../../src/shared/health'
import { health, queue, up } from './fixtures'
import { renderApp } from './support'

const EXPECTED: Record<HealthState, { text: string; icon: string }> = {
  LIVE: { text: 'Live', icon: '●' },
  CONNECTING: { text: 'Connecting', icon: '◌' },
  DEGRADED: { text: 'Degraded', icon: '▲' },
  STALE: { text: 'Stale', icon: '◷' },
  OFFLINE: { text: 'Offline', icon: '✕' },
}

describe('ConnectionStatus', () => {
  it.each(Object.keys(EXPECTED) as HealthState[])(
    'shows %s with its icon, words, tone and reason',
    async (state) => {
      const h = await renderApp()
      await h.health(health(state, `because ${state}`))
      const status = document.querySelector('.app-header [data-state]') as HTMLElement
      expect(status.dataset.state).toBe(state)
      expect(within(status).getByText(EXPECTED[state].text)).toBeTruthy()
      expect(within(status).getByText(EXPECTED[state].icon)).toBeTruthy()
      expect(within(status).getByText(`because ${state}`)).toBeTruthy()
      expect(status.className).toMatch(/conn-(good|info|warning|critical)/)
    },
  )

  it('never repeats the state word: not "Live Live"', async () => {
    const h = await renderApp()
    const status = () => document.querySelector('.app-header [data-state]') as HTMLElement
    await h.health(health('LIVE', 'Live'))
    expect(status().textContent).toBe('●Live')
    await h.health(health('LIVE', 'Live (heartbeat 40 ms)'))
    expect(status().textContent).toBe('●Liveheartbeat 40 ms')
    await h.health(health('OFFLINE', 'Offline: the backend does not answer'))
    expect(status().textContent).toBe('✕Offlinethe backend does not answer')
    // The full reason stays one hover away.
    expect(status().title).toBe('Offline: the backend does not answer')
  })

  it('is CONNECTING before any report arrives', async () => {
    const h = await renderApp()
    await h.health(health('CONNECTING', 'Joining the floor channel'))
    expect(screen.getAllByText('Connecting').length).toBeGreaterThan(0)
  })

  it('dims values and says how old they are when STALE or OFFLINE, and clears when LIVE again', async () => {
    const h = await renderApp({ snapshot: [up('queues', queue())] })
    const main = document.getElementById('main')!
    expect(main.className).not.toContain('is-stale')
    await h.health(health('STALE', 'No server tick for 15 s'))
    expect(main.className).toContain('is-stale')
    expect(screen.getByRole('alert').textContent).toMatch(/Data is stale.*as of \d+ s ago.*No server tick/)
    await h.health(health('OFFLINE', 'Backend unreachable'))
    expect(screen.getByRole('alert').textContent).toMatch(/^Offline/)
    await h.health(health('LIVE'))
    expect(main.className).not.toContain('is-stale')
    expect(screen.queryByText(/Data is stale/)).toBeNull()
  })
})

describe('header', () => {
  it('labels demo data and lists who is watching', async () => {
    const h = await renderApp()
    expect(await screen.findByText('Demo data')).toBeTruthy()
    await h.presence([
      { key: 'a', kind: 'console', email: 'ann@example.test', since: new Date().toISOString() },
      { key: 'b', kind: 'console', email: 'bo@example.test', since: new Date().toISOString() },
      { key: 'w', kind: 'wallboard', email: null, since: new Date().toISOString() },
    ])
    expect(screen.getByText(/2 supervisors, 1 wall display/)).toBeTruthy()
  })

  it('shows no demo label for a real project and turns notices into toasts', async () => {
    const h = await renderApp({ info: { backend: { url: 'https://x.supabase.co', demo: false } } })
    await screen.findByText('Floorwatch')
    expect(screen.queryByText('Demo data')).toBeNull()
    h.api.emit('app:notice', { level: 'warning', message: 'Token refresh failed; retrying' })
    expect(await screen.findByText('Token refresh failed; retrying')).toBeTruthy()
  })
})
