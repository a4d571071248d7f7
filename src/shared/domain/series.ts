// Bounded chart series: a wall display runs for weeks, so no series may grow with uptime.

export interface Point {
  t: number
  v: number
}

/** A fixed-capacity FIFO: pushing past capacity drops the oldest item. */
export class RingBuffer<T> {
  private items: (T | undefined)[]
  private start = 0
  private count = 0

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer')
    this.items = new Array<T | undefined>(capacity)
  }

  get size(): number {
    return this.count
  }

  push(item: T): void {
    const end = (this.start + this.count) % this.capacity
    this.items[end] = item
    if (this.count < this.capacity) this.count++
    else this.start = (this.start + 1) % this.capacity
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = []
    for (let i = 0; i < this.count; i++) out.push(this.items[(this.start + i) % this.capacity] as T)
    return out
  }

  last(): T | undefined {
    return this.count === 0 ? undefined : this.items[(this.start + this.count - 1) % this.capacity]
  }

  clear(): void {
    this.items = new Array<T | undefined>(this.capacity)
    this.start = 0
    this.count = 0
  }
}

/**
 * Reduces a time-ordered series to at most `max` points with Largest-Triangle-Three-Buckets: it keeps
 * the first and last points and, per bucket, the point that best preserves the shape, so spikes (a
 * heartbeat timeout, a queue surge) survive where averaging would flatten them.
 */
export function downsample(points: readonly Point[], max: number): Point[] {
  if (max >= points.length) return points.slice()
  if (max <= 0) return []
  if (max === 1) return [points[points.length - 1] as Point]
  if (max === 2) return [points[0] as Point, points[points.length - 1] as Point]
  const out: Point[] = [points[0] as Point]
  const bucket = (points.length - 2) / (max - 2)
  let a = 0
  for (let i = 0; i < max - 2; i++) {
    const from = Math.floor(i * bucket) + 1
    const to = Math.floor((i + 1) * bucket) + 1
    const next = average(points, to, Math.min(Math.floor((i + 2) * bucket) + 1, points.length))
    const chosen = largestTriangle(points, a, from, to, next)
    out.push(points[chosen] as Point)
    a = chosen
  }
  out.push(points[points.length - 1] as Point)
  return out
}

function average(points: readonly Point[], from: number, to: number): Point {
  let t = 0
  let v = 0
  const n = Math.max(1, to - from)
  for (let i = from; i < to; i++) {
    t += (points[i] as Point).t
    v += (points[i] as Point).v
  }
  return to > from ? { t: t / n, v: v / n } : (points[points.length - 1] as Point)
}

function largestTriangle(points: readonly Point[], a: number, from: number, to: number, c: Point): number {
  const pa = points[a] as Point
  let best = from
  let bestArea = -1
  for (let i = from; i < to; i++) {
    const p = points[i] as Point
    const area = Math.abs((pa.t - c.t) * (p.v - pa.v) - (pa.t - p.t) * (c.v - pa.v))
    if (area > bestArea) {
      bestArea = area
      best = i
    }
  }
  return best
}

/** A time series that keeps at most `capacity` points, for RTT, latency and rate charts. */
export class Series {
  private readonly buffer: RingBuffer<Point>

  constructor(capacity: number) {
    this.buffer = new RingBuffer<Point>(capacity)
  }

  add(t: number, v: number): void {
    this.buffer.push({ t, v })
  }

  points(maxPoints?: number): Point[] {
    const all = this.buffer.toArray()
    return maxPoints === undefined ? all : downsample(all, maxPoints)
  }

  last(): Point | undefined {
    return this.buffer.last()
  }

  get size(): number {
    return this.buffer.size
  }
}

/** A chart row: a value, or null where the line must break (a service down: no line drawn across it). */
export interface GapPoint {
  t: number
  v: number | null
}

/**
 * `points` (already bounded) with a null row at each break time, in time order: a line chart that does not
 * connect nulls then draws a down period as a gap, not as a line from the last good ping to the next.
 */
export function withGaps(points: readonly Point[], breaks: readonly number[]): GapPoint[] {
  if (breaks.length === 0) return points.slice()
  const rows: GapPoint[] = [...points, ...breaks.map((t) => ({ t, v: null }))]
  return rows.sort((a, b) => a.t - b.t || (a.v === null ? -1 : 1))
}
