// What one tick works with: the clock, the seeded randomness, the speed of the world and the changes
// it accumulates for the writer.
import type { Rng } from './random'
import type { SimAgent, SimCall, SimCampaign, SimMonitor } from './model'
import type { Row } from './sql'

export class Changes {
  readonly calls = new Set<SimCall>()
  readonly agents = new Set<SimAgent>()
  readonly monitors = new Set<SimMonitor>()
  readonly campaigns = new Set<SimCampaign>()
  readonly heartbeats: Row[] = []
  readonly alerts: Row[] = []
  readonly alertEvents: Row[] = []
  /** `{ alert_id, event_id, at, comment }`: resolved unless someone resolved it already. */
  readonly resolves: Row[] = []
}

export interface Tick {
  /** Clock time of this tick (ms since the epoch): real, or simulated in fast mode. */
  now: number
  /** Clock time since the previous tick. */
  dtMs: number
  index: number
  /** World milliseconds per clock millisecond. */
  speed: number
  rng: Rng
  changes: Changes
  orgId: string
}

/** A world duration as clock milliseconds at the current speed. */
export const clock = (t: Tick, worldMs: number): number => worldMs / t.speed

/** World time that passed in this tick. */
export const worldDt = (t: Tick): number => t.dtMs * t.speed

/** Probability that an event with the given mean world interval happens during this tick. */
export const hazard = (t: Tick, meanWorldMs: number): number => 1 - Math.exp(-worldDt(t) / meanWorldMs)

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())
