// Whenever the board's data is not live, a full overlay says so, with how old the figures are: a wall read
// from across the room must never pass old numbers off as current. It leaves by itself when data is live.
import type { HealthReport } from '../../../shared/health'
import { age, clockTime, localZone } from '../lib/format'
import { useTick } from '../lib/ticker'
import { useFwShallow } from '../store/react'

export type NotLive = 'OFFLINE' | 'CACHED' | 'STALE' | 'CONNECTING'

/**
 * Why the board is not live, or null when it is (pure: tested on its own). `cachedRows` says the rows on
 * screen are still the offline cache (the store's word, as for the supervisor's CACHED banner), even if the
 * engine already reports a live channel: they are not the server's until a catch-up has confirmed them.
 */
export function notLive(
  h: Pick<HealthReport, 'state' | 'data'> | null,
  loaded: boolean,
  cachedRows = false,
): NotLive | null {
  if (!h) return cachedRows ? 'CACHED' : 'CONNECTING'
  if (h.state === 'OFFLINE') return 'OFFLINE'
  if (cachedRows || h.data.source === 'cache') return 'CACHED'
  if (h.state === 'STALE') return 'STALE'
  if (h.state === 'LIVE' || (h.state === 'DEGRADED' && h.data.live)) return null
  return loaded && h.data.source === 'server' ? 'STALE' : 'CONNECTING'
}

const TITLE: Record<NotLive, string> = {
  OFFLINE: 'OFFLINE',
  CACHED: 'CACHED',
  STALE: 'STALE',
  CONNECTING: 'CONNECTING',
}

const EXPLAIN: Record<NotLive, string> = {
  OFFLINE: 'No connection to the floor. These figures are not current.',
  CACHED: 'Showing the last figures saved on this display, not live data.',
  STALE: 'Live updates have stopped. These figures are not current.',
  CONNECTING: 'Connecting to the floor…',
}

export function BoardOverlay() {
  const { health, loaded, cachedRows } = useFwShallow((s) => ({
    health: s.connection.health,
    loaded: s.floor.loaded,
    cachedRows: s.floor.loaded && s.floor.source === 'cache',
  }))
  const now = useTick()
  const why = notLive(health, loaded, cachedRows)
  if (!why) return null
  const asOf = health?.data.asOf ?? null
  return (
    <div className={`board-overlay board-overlay-${why.toLowerCase()}`} role="alert" data-overlay={why}>
      <div className="board-overlay-box">
        <p className="board-overlay-title">
          <span aria-hidden="true">⚠ </span>
          {TITLE[why]}
        </p>
        <p className="board-overlay-age">
          {asOf !== null
            ? `Data from ${age(now - asOf)} (as of ${clockTime(asOf, localZone())})`
            : why === 'CONNECTING'
              ? ''
              : 'Data age unknown'}
        </p>
        <p className="board-overlay-text">{EXPLAIN[why]}</p>
        {health?.reason && <p className="board-overlay-reason">{health.reason}</p>}
      </div>
    </div>
  )
}
