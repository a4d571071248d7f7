// Connection health and presence, as the engine reports them, plus a bounded events-per-second history
// (the report carries RTT and latency series but only the current rate).
import type { StateCreator } from 'zustand'
import type { PendingAction } from '../../../shared/contract'
import type { HealthReport, SeriesPoint, Watcher } from '../../../shared/health'
import type { FloorwatchState } from './index'

export const RATE_POINTS = 120

export interface ConnectionSlice {
  connection: {
    health: HealthReport | null
    /** When the last report arrived (local ms): a report's own age matters when the bridge is lost. */
    receivedAt: number | null
    rateSeries: readonly SeriesPoint[]
    watchers: readonly Watcher[]
    /** Alert actions stored on this machine and not yet applied by the server, in order. */
    outbox: readonly PendingAction[]
  }
  setHealth(health: HealthReport, receivedAt: number): void
  setWatchers(watchers: readonly Watcher[]): void
  setOutbox(outbox: readonly PendingAction[]): void
}

export const createConnectionSlice: StateCreator<FloorwatchState, [], [], ConnectionSlice> = (set) => ({
  connection: { health: null, receivedAt: null, rateSeries: [], watchers: [], outbox: [] },
  setHealth: (health, receivedAt) =>
    set((s) => ({
      connection: {
        ...s.connection,
        health,
        receivedAt,
        rateSeries: [
          ...s.connection.rateSeries,
          { t: receivedAt, v: health.metrics.totalEventsPerSecond },
        ].slice(-RATE_POINTS),
      },
    })),
  setWatchers: (watchers) => set((s) => ({ connection: { ...s.connection, watchers } })),
  setOutbox: (outbox) => set((s) => ({ connection: { ...s.connection, outbox } })),
})
