// The header every view shares: title, demo label, org, who is watching, connection state.
import { useFw, useFwShallow } from '../store/react'
import { VIEW_LABELS } from '../lib/shortcuts'
import { ConnectionStatus } from './ConnectionStatus'
import { Watchers } from './Watchers'

export function Header() {
  const view = useFw((s) => s.ui.view)
  const { demo, readOnly, orgName } = useFwShallow((s) => ({
    demo: s.ui.info?.backend.demo ?? false,
    readOnly: s.ui.info?.readOnly ?? false,
    orgName: s.ui.session?.orgs.find((o) => o.id === s.ui.session?.orgId)?.name ?? null,
  }))
  const setHelp = useFw((s) => s.setHelpOpen)
  return (
    <header className="app-header">
      <h1 className="brand">Floorwatch</h1>
      <span className="header-view">{VIEW_LABELS[view]}</span>
      {orgName && (
        <span className="header-org" title={orgName}>
          {orgName}
        </span>
      )}
      {demo && <span className="badge badge-demo">Demo data</span>}
      {readOnly && <span className="badge badge-readonly">Read-only</span>}
      <div className="header-right">
        <Watchers />
        <ConnectionStatus />
        <button
          type="button"
          className="btn-icon"
          aria-label="Keyboard shortcuts"
          onClick={() => setHelp(true)}
        >
          ?
        </button>
      </div>
    </header>
  )
}
