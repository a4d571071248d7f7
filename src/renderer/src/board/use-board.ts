// The board a wall shows: its profile from `wallboard_profiles` (live: an edit in the database reaches
// every wall in the next batch), today's floor-wide figures, and the rotation's position.
import { useEffect, useMemo, useRef, useState } from 'react'
import { boardFigures, type BoardFigures } from '../../../shared/domain/board-figures'
import { parseProfile, pickProfile, rotationAt, type BoardProfile } from '../../../shared/domain/wallboard'
import { useThrottled } from '../lib/throttle'
import { useServerNow, useTick } from '../lib/ticker'
import { useFw } from '../store/react'

/** `?board=<profile name or id>` picks a profile; without it, the first by name. */
export function wantedProfile(search: string): string | null {
  return new URLSearchParams(search).get('board') || null
}

export function useBoardProfile(wanted: string | null): BoardProfile | null {
  const rows = useFw((s) => s.floor.tables.wallboard_profiles)
  return useMemo(() => {
    const row = pickProfile(rows.values(), wanted)
    return row ? parseProfile(row) : null
  }, [rows, wanted])
}

export function useBoardFigures(): BoardFigures {
  const calls = useThrottled(
    useFw((s) => s.floor.tables.calls),
    500,
  )
  const intervals = useFw((s) => s.floor.tables.queue_intervals)
  const queues = useFw((s) => s.floor.tables.queues)
  const sessions = useFw((s) => s.floor.tables.agent_sessions)
  const alerts = useFw((s) => s.floor.tables.alerts)
  const monitors = useFw((s) => s.floor.tables.monitors)
  const tick = Math.floor(useServerNow() / 1000)
  return useMemo(
    () =>
      boardFigures(
        {
          queues: queues.values(),
          calls: calls.values(),
          intervals: intervals.values(),
          sessions: sessions.values(),
          alerts: alerts.values(),
          monitors: monitors.values(),
        },
        tick * 1000,
      ),
    [queues, calls, intervals, sessions, alerts, monitors, tick],
  )
}

/** Rotation keeps turning while data is stale (the overlay covers it): it follows the clock, not the data. */
export function useRotation(profile: BoardProfile | null): { index: number; progress: number } {
  const now = useTick()
  const skew = useFw((s) => s.connection.health?.skewMs ?? 0)
  return rotationAt(now + (skew ?? 0), profile?.boards.length ?? 0, profile?.rotationSeconds ?? 0)
}

/** The profile's theme wins over the supervisor's preference on a wall. */
export function useBoardTheme(theme: 'dark' | 'light'): void {
  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])
}

/** The mouse pointer is hidden on a wall once it has not moved for this long. */
export const CURSOR_IDLE_MS = 3000

/** Whether the pointer should be hidden: on the board clock, so it follows the shared ticker. */
export function useIdleCursor(): boolean {
  const now = useTick()
  const nowRef = useRef(now)
  useEffect(() => {
    nowRef.current = now
  })
  const [lastMove, setLastMove] = useState(now)
  useEffect(() => {
    const moved = () => setLastMove(nowRef.current)
    window.addEventListener('mousemove', moved)
    return () => window.removeEventListener('mousemove', moved)
  }, [])
  return now - lastMove >= CURSOR_IDLE_MS
}
