// "While you were away": what the catch-up after an absence found changed (calls abandoned, alerts raised
// and cleared, agents who changed state), from the catch-up itself, never as news. It stays until dismissed.
import { clockTime, localZone } from '../lib/format'
import { useFw } from '../store/react'

export function AwayPanel() {
  const away = useFw((s) => s.floor.away)
  const dismiss = useFw((s) => s.dismissAway)
  if (!away) return null
  const zone = localZone()
  const more = away.total - away.items.length
  return (
    <section className="away-panel" aria-labelledby="away-title">
      <header className="away-header">
        <h2 id="away-title">While you were away</h2>
        <span className="muted">
          {away.since !== null ? `since ${clockTime(away.since, zone)} · ` : ''}
          {away.total} change{away.total === 1 ? '' : 's'}
        </span>
        <button type="button" onClick={dismiss}>
          Dismiss
        </button>
      </header>
      <ul className="away-list">
        {away.items.map((item) => (
          <li key={item.key} className={`tone-${item.tone}`}>
            {item.text}
          </li>
        ))}
      </ul>
      {more > 0 && <p className="muted">…and {more} earlier.</p>}
    </section>
  )
}
