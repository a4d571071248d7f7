// Down periods are gaps in a chart, not lines: a null row at each break time, in time order.
import { describe, expect, it } from 'vitest'
import { withGaps } from '../../src/shared/domain/series'

describe('withGaps', () => {
  it('puts a null row at each break, in order, keeping every point', () => {
    const points = [
      { t: 1, v: 10 },
      { t: 2, v: 12 },
      { t: 5, v: 11 },
    ]
    expect(withGaps(points, [3, 4])).toEqual([
      { t: 1, v: 10 },
      { t: 2, v: 12 },
      { t: 3, v: null },
      { t: 4, v: null },
      { t: 5, v: 11 },
    ])
    expect(withGaps(points, [])).toEqual(points)
  })

  it('breaks before a point of the same time', () => {
    expect(withGaps([{ t: 3, v: 1 }], [3])).toEqual([
      { t: 3, v: null },
      { t: 3, v: 1 },
    ])
  })
})
