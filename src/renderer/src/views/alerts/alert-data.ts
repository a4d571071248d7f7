// Alert lists derived from the floor: the feed order, unread counts, one alert's history.
import { useMemo } from 'react'
import type { Alert, AlertEvent } from '../../../../shared/domain/rows'
import { useFw } from '../../store/react'

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const
const STATUS_RANK = { open: 0, acknowledged: 1, snoozed: 2, resolved: 3 } as const

/** Open first, then by severity, newest first. */
export function sortAlerts(alerts: Iterable<Alert>): Alert[] {
  return [...alerts].sort(
    (a, b) =>
      STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      b.raised_at.localeCompare(a.raised_at),
  )
}

export function isUnread(alert: Alert, read: Readonly<Record<string, true>>): boolean {
  return alert.status !== 'resolved' && !read[alert.id]
}

export function unreadCount(alerts: Iterable<Alert>, read: Readonly<Record<string, true>>): number {
  let n = 0
  for (const a of alerts) if (isUnread(a, read)) n++
  return n
}

export function useUnreadCount(): number {
  return useFw((s) => unreadCount(s.floor.tables.alerts.values(), s.alertsUi.read))
}

export function eventsOf(events: Iterable<AlertEvent>, alertId: string): AlertEvent[] {
  return [...events].filter((e) => e.alert_id === alertId).sort((a, b) => a.at.localeCompare(b.at))
}

export function useAlertEvents(alertId: string | null): AlertEvent[] {
  const events = useFw((s) => s.floor.tables.alert_events)
  return useMemo(() => (alertId ? eventsOf(events.values(), alertId) : []), [events, alertId])
}
