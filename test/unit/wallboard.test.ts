// Wall board profiles: lenient parsing of a hand-edited layout, threshold levels both ways, the clock-driven
// rotation, and floor-wide figures summed (not averaged) over queues.
import { describe, expect, it } from 'vitest'
import { levelFor, parseProfile, pickProfile, rotationAt, METRICS } from '../../src/shared/domain/wallboard'
import type { WallboardProfile } from '../../src/shared/domain/rows'

const row = (layout: unknown, p: Partial<WallboardProfile> = {}): WallboardProfile =>
  ({
    id: 'p1',
    org_id: 'o',
    seq: 1,
    updated_at: '2026-12-01T00:00:00Z',
    name: 'Main',
    layout,
    rotation_seconds: 30,
    ...p,
  }) as WallboardProfile

describe('wall board profiles', () => {
  it('reads the seed’s single-board layout and a playlist', () => {
    const one = parseProfile(row({ tiles: ['service-level', 'queues'], theme: 'dark', columns: 3 }))
    expect(one.boards).toEqual([{ name: 'Floor', tiles: ['service-level', 'queues'] }])
    expect(one.problems).toEqual([])
    const two = parseProfile(
      row({ boards: [{ name: 'A', tiles: ['waiting'] }, { tiles: ['alerts'] }], theme: 'light' }),
    )
    expect(two.boards.map((b) => b.name)).toEqual(['A', 'Board 2'])
    expect(two.theme).toBe('light')
  })

  it('names every problem and falls back to defaults', () => {
    const p = parseProfile(
      row({
        boards: [{ name: 'A', tiles: ['nope'] }, 7],
        theme: 'pink',
        thresholds: { waiting: { warn: 9, bad: 1 }, 'service-level': { warn: 'x' }, bogus: {} },
      }),
    )
    expect(p.boards[0]!.tiles.length).toBeGreaterThan(0)
    expect(p.problems.join('\n')).toMatch(/unknown tile "nope"/)
    expect(p.problems.join('\n')).toMatch(/board 2 must be an object/)
    expect(p.problems.join('\n')).toMatch(/theme must be/)
    expect(p.problems.join('\n')).toMatch(/thresholds.waiting: warn must be at most bad/)
    expect(p.problems.join('\n')).toMatch(/thresholds.service-level needs numbers/)
    expect(p.problems.join('\n')).toMatch(/unknown metric "bogus"/)
    expect(p.thresholds.waiting).toEqual({ warn: METRICS.waiting.warn, bad: METRICS.waiting.bad })
    expect(parseProfile(row([1, 2])).problems).toContain('layout must be a JSON object')
  })

  it('levels: higher is worse, lower is worse, and no data is no level', () => {
    const t = { warn: 5, bad: 10 }
    expect([4, 5, 9, 10].map((v) => levelFor('waiting', v, t))).toEqual(['ok', 'warn', 'warn', 'bad'])
    const sl = { warn: 80, bad: 70 }
    expect([81, 80, 71, 70].map((v) => levelFor('service-level', v, sl))).toEqual([
      'ok',
      'warn',
      'warn',
      'bad',
    ])
    expect(levelFor('service-level', null, sl)).toBe('none')
  })

  it('rotation follows the clock: same board on every wall, progress through the turn', () => {
    expect(rotationAt(0, 3, 10)).toEqual({ index: 0, progress: 0 })
    expect(rotationAt(15_000, 3, 10)).toEqual({ index: 1, progress: 0.5 })
    expect(rotationAt(35_000, 3, 10).index).toBe(0)
    expect(rotationAt(35_000, 1, 10)).toEqual({ index: 0, progress: 0 })
    expect(rotationAt(35_000, 3, 0)).toEqual({ index: 0, progress: 0 })
  })

  it('picks by id or name, else the first by name', () => {
    const rows = [row({}, { id: 'b', name: 'Zeta' }), row({}, { id: 'a', name: 'Alpha' })]
    expect(pickProfile(rows, null)?.id).toBe('a')
    expect(pickProfile(rows, 'zeta')?.id).toBe('b')
    expect(pickProfile(rows, 'b')?.id).toBe('b')
    expect(pickProfile(rows, 'missing')?.id).toBe('a')
    expect(pickProfile([], null)).toBeNull()
  })
})
