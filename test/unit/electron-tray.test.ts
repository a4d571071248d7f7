// The tray against the fake `electron` module: the unread count in the tooltip, the menu and the badge, on
// the icon itself (a title on macOS, a pre-rendered badge image on Windows and Linux); the menu mutes and quits.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as electron from '../fakes/electron'
import { MUTE_15_MIN, MUTE_1_HOUR } from '../../src/main/core/alerts'
import { createAppTray, trayIconFile, trayMenuTemplate } from '../../src/main/electron/tray'

describe('tray', () => {
  const time = (ms: number) => new Date(ms).toISOString().slice(11, 16)
  function setup(platform: NodeJS.Platform = 'darwin') {
    const calls: string[] = []
    let badge = -1
    let tray: electron.Tray | undefined
    const appTray = createAppTray({
      createTray: (icon) => (tray = new electron.Tray(icon)),
      buildMenu: (t) => electron.Menu.buildFromTemplate(t as never),
      setBadgeCount: (n) => ((badge = n), true),
      iconDir: '/icons',
      platform,
      timeOfDay: time,
      actions: {
        show: () => calls.push('show'),
        mute: (ms) => calls.push(`mute ${ms}`),
        unmute: () => calls.push('unmute'),
        quit: () => calls.push('quit'),
      },
    })
    const item = (id: string) => tray!.menu!.template.find((i) => i.id === id)
    return { appTray, tray: tray!, calls, item, badge: () => badge }
  }

  it('macOS: shows the unread count in the tooltip, title, menu and badge; the icon stays', () => {
    const { appTray, tray, item, badge } = setup('darwin')
    expect(tray.tooltip).toBe('Floorwatch — No unread alerts')
    appTray.update({ unread: 3, mutedUntil: null })
    expect(tray.tooltip).toBe('Floorwatch — 3 unread alerts')
    expect(tray.title).toBe('3')
    expect(item('unread')).toMatchObject({ label: '3 unread alerts', enabled: false })
    expect(badge()).toBe(3)
    expect(tray.images).toEqual(['/icons/tray.png'])
  })

  it.each(['win32', 'linux'] as const)('%s: draws the count on the icon, 9+ above nine', (platform) => {
    const { appTray, tray, badge } = setup(platform)
    for (const unread of [1, 1, 2, 9, 10, 250, 0]) appTray.update({ unread, mutedUntil: null })
    // Only changes reach the tray: 1 twice is one setImage, 10 and 250 are both "9+".
    expect(tray.images).toEqual([
      '/icons/tray.png',
      '/icons/tray-1.png',
      '/icons/tray-2.png',
      '/icons/tray-9.png',
      '/icons/tray-9plus.png',
      '/icons/tray.png',
    ])
    expect(tray.title).toBe('')
    expect(tray.tooltip).toBe('Floorwatch — No unread alerts')
    expect(badge()).toBe(0)
  })

  it('has an icon file for every count it can name', () => {
    const files = new Set(readdirSync(join(import.meta.dirname, '../../resources')))
    for (let unread = 0; unread <= 12; unread++) {
      const file = trayIconFile(unread)
      expect(files, file).toContain(file)
      expect(files, file).toContain(file.replace('.png', '@2x.png'))
    }
  })

  it('menu: show, mute 15 min, mute 1 h, quit; unmute while muted; click on the icon shows', () => {
    const { appTray, tray, item, calls } = setup()
    for (const id of ['show', 'mute-15', 'mute-60', 'quit']) item(id)!.click!()
    expect(calls).toEqual(['show', `mute ${MUTE_15_MIN}`, `mute ${MUTE_1_HOUR}`, 'quit'])
    expect(item('unmute')).toBeUndefined()
    appTray.update({ unread: 1, mutedUntil: Date.UTC(2026, 0, 1, 14, 5) })
    expect(tray.tooltip).toBe('Floorwatch — 1 unread alert · muted until 14:05')
    item('unmute')!.click!()
    tray.listeners.get('click')!()
    expect(calls.slice(-2)).toEqual(['unmute', 'show'])
  })

  it('lists exactly the documented items in order', () => {
    const labels = trayMenuTemplate({ unread: 0, mutedUntil: null }, {} as never, time).map(
      (i) => i.label ?? i.type,
    )
    expect(labels).toEqual([
      'No unread alerts',
      'Show Floorwatch',
      'separator',
      'Mute for 15 minutes',
      'Mute for 1 hour',
      'separator',
      'Quit Floorwatch',
    ])
  })
})
