// A live feed of what matters on the floor. It holds still while the pointer is over it (or when paused
// with p), so an item can be read before the next one pushes it away.
import { useState } from 'react'
import { Empty, Loading } from '../components/StateMessage'
import { clockTime, localZone, zoneLabel } from '../lib/format'
import { useShortcuts } from '../lib/shortcuts'
import { useFw } from '../store/react'
import type { ActivityItem } from '../store/activity'

const TONE_ICON = { info: 'i', good: '✓', warning: '▲', critical: '✕' } as const

export function ActivityView() {
  const live = useFw((s) => s.floor.activity)
  const loaded = useFw((s) => s.floor.loaded)
  const [frozen, setFrozen] = useState<readonly ActivityItem[] | null>(null)
  const [pinned, setPinned] = useState(false)
  const shown = frozen ?? live
  const newer = frozen ? live.findIndex((a) => a.key === frozen[0]?.key) : 0
  const zone = localZone()
  const togglePin = () => {
    if (pinned) {
      setPinned(false)
      setFrozen(null)
    } else {
      setPinned(true)
      setFrozen(live)
    }
  }
  useShortcuts({ 'activity:pause': togglePin })
  return (
    <section className="view view-activity" aria-labelledby="activity-title">
      <div className="view-toolbar">
        <h2 id="activity-title">Activity</h2>
        <span className="count" role="status">
          {frozen ? `Paused${newer > 0 ? ` · ${newer} new` : ''}` : 'Live'}
        </span>
        <button type="button" onClick={togglePin} aria-pressed={pinned}>
          {pinned ? 'Resume' : 'Pause'} <kbd>p</kbd>
        </button>
        <span className="muted">Times in {zoneLabel(zone)}</span>
      </div>
      {!loaded ? (
        <Loading what="activity" />
      ) : shown.length === 0 ? (
        <Empty>
          Nothing has happened since this console started. Alerts, abandoned calls, services going up or down,
          and agents logging in or out appear here.
        </Empty>
      ) : (
        <ol
          className={`feed activity-feed${frozen ? ' paused' : ''}`}
          aria-label="Activity feed"
          tabIndex={0}
          onMouseEnter={() => !pinned && setFrozen(live)}
          onMouseLeave={() => !pinned && setFrozen(null)}
        >
          {shown.map((a) => (
            <li key={a.key} className={`activity activity-${a.tone}`}>
              <span className="activity-icon" aria-hidden="true">
                {TONE_ICON[a.tone]}
              </span>
              <time dateTime={new Date(a.at).toISOString()}>{clockTime(a.at, zone)}</time>
              <span>{a.text}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
