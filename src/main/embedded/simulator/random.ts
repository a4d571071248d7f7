// A seeded pseudo-random source (sfc32) and the distributions the simulator draws from. Everything the
// simulator decides, ids included, comes from here, so a seed replays the same floor.
import { createHash } from 'node:crypto'

export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: string | number) {
    const h = createHash('sha256').update(String(seed)).digest()
    this.a = h.readUInt32LE(0)
    this.b = h.readUInt32LE(4)
    this.c = h.readUInt32LE(8)
    this.d = h.readUInt32LE(12)
    for (let i = 0; i < 12; i++) this.next()
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a >>>= 0
    this.b >>>= 0
    this.c >>>= 0
    this.d >>>= 0
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return (t >>> 0) / 4294967296
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next()
  }

  int(min: number, maxInclusive: number): number {
    return Math.floor(this.between(min, maxInclusive + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[Math.floor(this.next() * items.length)]!
  }

  /** Exponentially distributed with the given mean (waits between independent events). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next())
  }

  /** Log-normal with the given mean and a moderate spread: handling times are skewed, never negative. */
  skewed(mean: number, sigma = 0.5): number {
    return mean * Math.exp(sigma * this.normal() - (sigma * sigma) / 2)
  }

  /** Events in a window for a Poisson process with the given expected count (Knuth; small means). */
  poisson(mean: number): number {
    if (mean <= 0) return 0
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()))
    const limit = Math.exp(-mean)
    let k = 0
    let p = this.next()
    while (p > limit) {
      k++
      p *= this.next()
    }
    return k
  }

  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next())
  }

  /** A version-4-shaped UUID from this stream. */
  uuid(): string {
    const bytes = Buffer.alloc(16)
    for (let i = 0; i < 16; i += 4) bytes.writeUInt32LE(Math.floor(this.next() * 4294967296) >>> 0, i)
    return formatUuid(bytes)
  }
}

/** A stable UUID named by (seed, key): the demo seed's ids, the same on every start. */
export function namedUuid(seed: number, key: string): string {
  return formatUuid(createHash('sha256').update(`floorwatch/${seed}/${key}`).digest().subarray(0, 16))
}

function formatUuid(raw: Buffer): string {
  const b = Buffer.from(raw)
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
