// Settings → Notifications (headless console): how loud each severity is for this user in this browser, and
// quiet hours on their own wall clock in an IANA zone. Quiet hours turn delivery down to a silent banner and
// never hide a critical alert; when they end, one digest lists what they held back and is still open.
import { useState } from 'react'
import { useStore } from 'zustand'
import { DEFAULT_ROUTING, type Delivery, type Routing } from '../../../../shared/alerts/notification-policy'
import type { Severity } from '../../../../shared/domain/rows'
import { preferencesStore, savePreferences } from '../../alerts/preferences'
import { ErrorMessage } from '../../components/StateMessage'
import { localZone } from '../../lib/format'
import { useFw } from '../../store/react'

type Level = 'sound' | 'notify' | 'banner' | 'list'

const LEVELS: Record<Level, { label: string; delivery: Delivery }> = {
  sound: { label: 'Notification, sound and banner', delivery: DEFAULT_ROUTING.critical },
  notify: { label: 'Notification', delivery: DEFAULT_ROUTING.warning },
  banner: { label: 'Banner in the console', delivery: { ...DEFAULT_ROUTING.info, banner: true } },
  list: { label: 'Only in the alert list', delivery: DEFAULT_ROUTING.info },
}
// A critical alert always reaches the operator somehow: it may not be sent to the list only.
const CHOICES: Record<Severity, Level[]> = {
  critical: ['sound', 'notify', 'banner'],
  warning: ['sound', 'notify', 'banner', 'list'],
  info: ['notify', 'banner', 'list'],
}

const levelOf = (d: Delivery): Level =>
  d.sound ? 'sound' : d.native ? 'notify' : d.banner ? 'banner' : 'list'

export function NotificationSettings() {
  const shell = useFw((s) => s.ui.info?.shell)
  const userId = useStore(preferencesStore, (s) => s.userId)
  if (shell !== 'headless') return null
  // A new form per user: its fields start from that user's saved preferences.
  return <PreferencesForm key={userId ?? ''} />
}

function PreferencesForm() {
  const prefs = useStore(preferencesStore, (s) => s.prefs)
  const routing: Routing = { ...DEFAULT_ROUTING, ...prefs.routing }
  const [levels, setLevels] = useState(() => ({
    critical: levelOf(routing.critical),
    warning: levelOf(routing.warning),
    info: levelOf(routing.info),
  }))
  const [quiet, setQuiet] = useState(prefs.quietHours != null)
  const [start, setStart] = useState(prefs.quietHours?.start ?? '22:00')
  const [end, setEnd] = useState(prefs.quietHours?.end ?? '07:00')
  const [zone, setZone] = useState(prefs.quietHours?.zone ?? localZone())
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)
  const save = () => {
    const next = {
      routing: Object.fromEntries(
        (Object.keys(levels) as Severity[]).map((s) => [s, LEVELS[levels[s]].delivery]),
      ) as Routing,
      quietHours: quiet ? { start, end, zone: zone.trim() } : null,
    }
    const problem = savePreferences(window.localStorage, next)
    setError(problem)
    setSaved(!problem)
  }
  return (
    <article className="card" aria-labelledby="notify-title">
      <h3 id="notify-title">Notifications</h3>
      <form
        className="form"
        aria-label="Notification preferences"
        onSubmit={(e) => {
          e.preventDefault()
          save()
        }}
      >
        {(['critical', 'warning', 'info'] as Severity[]).map((s) => (
          <label key={s} className="field">
            {s[0]!.toUpperCase() + s.slice(1)} alerts
            <select
              value={levels[s]}
              onChange={(e) => setLevels((l) => ({ ...l, [s]: e.target.value as Level }))}
            >
              {CHOICES[s].map((c) => (
                <option key={c} value={c}>
                  {LEVELS[c].label}
                </option>
              ))}
            </select>
          </label>
        ))}
        <label className="radio">
          <input type="checkbox" checked={quiet} onChange={(e) => setQuiet(e.target.checked)} />
          Quiet hours (no sound; critical alerts still show)
        </label>
        {quiet && (
          <>
            <label className="field">
              From
              <input value={start} onChange={(e) => setStart(e.target.value)} placeholder="22:00" />
            </label>
            <label className="field">
              Until
              <input value={end} onChange={(e) => setEnd(e.target.value)} placeholder="07:00" />
            </label>
            <label className="field">
              Time zone
              <input value={zone} onChange={(e) => setZone(e.target.value)} placeholder="Europe/Berlin" />
            </label>
          </>
        )}
        {error && <ErrorMessage>{error}</ErrorMessage>}
        {saved && <p role="status">Saved for this browser.</p>}
        <button type="submit" className="primary">
          Save
        </button>
      </form>
    </article>
  )
}
