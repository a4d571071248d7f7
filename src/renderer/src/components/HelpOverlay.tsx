// The `?` overlay: every shortcut, grouped by where it works.
import { SHORTCUTS, VIEW_LABELS } from '../lib/shortcuts'
import { useFw } from '../store/react'
import { Dialog } from './Dialog'

const KEY_NAMES: Record<string, string> = { ArrowDown: '↓', ArrowUp: '↑', Escape: 'Esc', M: 'Shift+M' }

export function HelpOverlay() {
  const open = useFw((s) => s.ui.helpOpen)
  const setOpen = useFw((s) => s.setHelpOpen)
  if (!open) return null
  const scopes = [...new Set(SHORTCUTS.map((s) => s.scope))]
  return (
    <Dialog title="Keyboard shortcuts" onClose={() => setOpen(false)}>
      <div className="help-grid">
        {scopes.map((scope) => (
          <section key={scope}>
            <h3>{scope === 'global' ? 'Everywhere' : VIEW_LABELS[scope]}</h3>
            <dl>
              {SHORTCUTS.filter((s) => s.scope === scope).map((s) => (
                <div key={s.id} className="help-row">
                  <dt>
                    {s.keys.map((k) => (
                      <kbd key={k}>{KEY_NAMES[k] ?? k}</kbd>
                    ))}
                  </dt>
                  <dd>{s.label}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  )
}
