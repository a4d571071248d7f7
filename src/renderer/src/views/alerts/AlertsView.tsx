// Alerts: the feed (severity, status, unread), and the selected alert with its actions and history.
import { useMemo, useState } from 'react'
import { PendingBadge } from '../../components/PendingActions'
import { StatusPill } from '../../components/StatusPill'
import { Empty, Loading } from '../../components/StateMessage'
import { clockTime, localZone, zoneLabel } from '../../lib/format'
import { useShortcuts } from '../../lib/shortcuts'
import { useFw } from '../../store/react'
import { AlertDetail, type AlertDialog } from './AlertDetail'
import { isUnread, sortAlerts } from './alert-data'

export function AlertsView() {
  const alerts = useFw((s) => s.floor.tables.alerts)
  const loaded = useFw((s) => s.floor.loaded)
  const read = useFw((s) => s.alertsUi.read)
  const selectedId = useFw((s) => s.alertsUi.selectedId)
  const select = useFw((s) => s.selectAlert)
  const markRead = useFw((s) => s.markRead)
  const [showResolved, setShowResolved] = useState(false)
  const [dialog, setDialog] = useState<AlertDialog>(null)
  const list = useMemo(
    () => sortAlerts([...alerts.values()].filter((a) => showResolved || a.status !== 'resolved')),
    [alerts, showResolved],
  )
  const unread = list.filter((a) => isUnread(a, read))
  const selected = (selectedId && alerts.get(selectedId)) || null
  const zone = localZone()
  const move = (by: number) => {
    const i = list.findIndex((a) => a.id === selectedId)
    const next = list[Math.max(0, Math.min(list.length - 1, i + by))]
    if (next) select(next.id)
  }
  useShortcuts({
    'alerts:next': () => move(1),
    'alerts:prev': () => move(-1),
    'alerts:read': () => selected && markRead([selected.id]),
    'alerts:allRead': () => markRead(list.map((a) => a.id)),
  })
  return (
    <section className="view view-alerts" aria-labelledby="alerts-title">
      <div className="view-toolbar">
        <h2 id="alerts-title">Alerts</h2>
        <span className="count" aria-live="polite">
          {unread.length} unread
        </span>
        <button type="button" onClick={() => markRead(list.map((a) => a.id))} disabled={unread.length === 0}>
          Mark all read
        </button>
        <label className="field-inline">
          <input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} />
          Show resolved
        </label>
      </div>
      {!loaded ? (
        <Loading what="alerts" />
      ) : list.length === 0 ? (
        <Empty>No alerts. The floor is quiet.</Empty>
      ) : (
        <div className="split">
          <ul className="alert-feed" aria-label="Alert feed">
            {list.map((a) => (
              <li key={a.id}>
                <button
                  type="button"
                  className={`alert-item sev-${a.severity}${a.id === selectedId ? ' selected' : ''}`}
                  aria-current={a.id === selectedId ? 'true' : undefined}
                  onClick={() => {
                    select(a.id)
                    markRead([a.id])
                  }}
                >
                  <span className="alert-item-top">
                    {isUnread(a, read) && <span className="unread-dot" aria-label="unread" />}
                    <StatusPill kind="severity" status={a.severity} />
                    <StatusPill kind="alert" status={a.status} />
                    <PendingBadge alertId={a.id} />
                    <time dateTime={a.raised_at} className="muted">
                      {clockTime(a.raised_at, zone)} {zoneLabel(zone)}
                    </time>
                  </span>
                  <span className="alert-item-title">{a.title}</span>
                </button>
              </li>
            ))}
          </ul>
          {selected ? (
            <AlertDetail alert={selected} dialog={dialog} setDialog={setDialog} />
          ) : (
            <Empty>Select an alert to see its details and history (j / k).</Empty>
          )}
        </div>
      )}
    </section>
  )
}
