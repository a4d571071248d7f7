// The view switcher, with each view's shortcut and the unread alert count.
import { VIEWS } from '../store/ui-slice'
import { VIEW_LABELS } from '../lib/shortcuts'
import { useFw } from '../store/react'
import { useUnreadCount } from '../views/alerts/alert-data'

export function Nav() {
  const view = useFw((s) => s.ui.view)
  const setView = useFw((s) => s.setView)
  const unread = useUnreadCount()
  return (
    <nav className="nav" aria-label="Views">
      <ul>
        {VIEWS.map((v, i) => (
          <li key={v}>
            <button
              type="button"
              className="nav-item"
              aria-current={view === v ? 'page' : undefined}
              onClick={() => setView(v)}
            >
              <span className="nav-label">{VIEW_LABELS[v]}</span>
              {v === 'alerts' && unread > 0 && (
                <span className="nav-badge" aria-label={`${unread} unread`}>
                  {unread}
                </span>
              )}
              <kbd className="nav-key" aria-hidden="true">
                {i + 1}
              </kbd>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  )
}
