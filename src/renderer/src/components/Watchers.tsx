// Who is watching the floor right now: supervisors' consoles and wall displays (presence).
import { useFw } from '../store/react'

export function Watchers() {
  const watchers = useFw((s) => s.connection.watchers)
  const consoles = watchers.filter((w) => w.kind === 'console').length
  const walls = watchers.length - consoles
  const names = watchers.map(
    (w) => `${w.email ?? 'anonymous'} (${w.kind === 'wallboard' ? 'wall display' : 'console'})`,
  )
  return (
    <div className="watchers" aria-label="Watching now">
      <span className="watchers-count" title={names.join('\n') || 'Nobody else'}>
        Watching: {consoles} {consoles === 1 ? 'supervisor' : 'supervisors'}, {walls}{' '}
        {walls === 1 ? 'wall display' : 'wall displays'}
      </span>
      <ul className="watchers-list">
        {watchers.slice(0, 4).map((w) => (
          <li key={w.key} className={`watcher watcher-${w.kind}`} title={w.email ?? w.key}>
            {initials(w.email)}
          </li>
        ))}
      </ul>
    </div>
  )
}

function initials(email: string | null): string {
  if (!email) return '?'
  return email
    .split('@')[0]!
    .split(/[._-]/)
    .map((p) => p[0]?.toUpperCase() ?? '')
    .join('')
    .slice(0, 2)
}
