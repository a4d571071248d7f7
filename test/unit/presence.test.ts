// The org's presence as a list of watchers: a console stands for itself, unless it lists the screens it
// serves (a headless console): then it stands for those, each with its own kind, and never for itself.
import { describe, expect, it } from 'vitest'
import { watchersFrom } from '../../src/main/core/presence'

const since = (s: number) => `2026-05-04T10:00:${String(s).padStart(2, '0')}.000Z`

describe('watchers from presence', () => {
  it('counts a plain console as itself, a kiosk as a wall display', () => {
    const list = watchersFrom(
      {
        desk: [{ kind: 'console', email: 'sup@x.test', since: since(1) }],
        kiosk: [{ kind: 'wallboard', email: 'wall@x.test', since: since(2) }],
      },
      'desk',
    )
    expect(list).toEqual([
      { key: 'desk', kind: 'console', email: 'sup@x.test', since: since(1), self: true },
      { key: 'kiosk', kind: 'wallboard', email: 'wall@x.test', since: since(2), self: false },
    ])
  })

  it('counts a headless console as the screens it serves, by kind, and not as itself', () => {
    const list = watchersFrom(
      {
        hub: [
          {
            kind: 'console',
            email: 'demo@x.test',
            since: since(0),
            screens: [
              { key: 'w1', kind: 'wallboard', name: 'North wall', since: since(4) },
              { key: 's1', kind: 'console', name: null, since: since(3) },
              { key: 'w2', kind: 'wallboard', name: 'Lobby', since: since(5) },
              { kind: 'wallboard', name: 'no key' },
              'junk',
            ],
          },
        ],
        idle: [{ kind: 'console', email: 'ops@x.test', since: since(6), screens: [] }],
      },
      'me',
    )
    expect(list.map((w) => [w.key, w.kind, w.email])).toEqual([
      ['hub/s1', 'console', 'demo@x.test'],
      ['hub/w1', 'wallboard', 'North wall'],
      ['hub/w2', 'wallboard', 'Lobby'],
    ])
  })

  it('marks its own screens as self, so the serving console can put its live list in their place', () => {
    const list = watchersFrom(
      {
        me: [
          {
            kind: 'console',
            email: 'a@x.test',
            since: since(0),
            screens: [{ key: 'w', kind: 'wallboard', name: 'W', since: since(1) }],
          },
        ],
      },
      'me',
    )
    expect(list).toEqual([{ key: 'me/w', kind: 'wallboard', email: 'W', since: since(1), self: true }])
  })
})
