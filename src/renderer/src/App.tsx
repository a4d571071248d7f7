// The shell: header, navigation, the current view, toasts and the help overlay, plus the shortcuts that
// work everywhere. It reads the store and never the api.
import { type ReactNode } from 'react'
import { AwayPanel } from './components/AwayPanel'
import { Header } from './components/Header'
import { HelpOverlay } from './components/HelpOverlay'
import { Nav } from './components/Nav'
import { StaleBanner, useIsStale } from './components/StaleBanner'
import { ErrorMessage } from './components/StateMessage'
import { Toasts } from './components/Toasts'
import { useShortcuts } from './lib/shortcuts'
import { useAppliedTheme } from './lib/theme'
import { useFw, useStoreApi } from './store/react'
import { VIEWS, type ViewName } from './store/ui-slice'
import { ActivityView } from './views/ActivityView'
import { AgentsView } from './views/AgentsView'
import { AlertsView } from './views/alerts/AlertsView'
import { CallsView } from './views/calls/CallsView'
import { CampaignsView } from './views/CampaignsView'
import { FloorView } from './views/FloorView'
import { HealthView } from './views/HealthView'
import { ServicesView } from './views/ServicesView'
import { SettingsView } from './views/SettingsView'

const VIEW_COMPONENTS: Record<ViewName, () => ReactNode> = {
  floor: FloorView,
  calls: CallsView,
  agents: AgentsView,
  alerts: AlertsView,
  services: ServicesView,
  campaigns: CampaignsView,
  activity: ActivityView,
  health: HealthView,
  settings: SettingsView,
}

const THEMES = ['system', 'light', 'dark'] as const

function useGlobalShortcuts(): void {
  const store = useStoreApi()
  const s = () => store.getState()
  const views = Object.fromEntries(VIEWS.map((v) => [`view:${v}`, () => s().setView(v)]))
  useShortcuts({
    ...views,
    help: () => s().setHelpOpen(!s().ui.helpOpen),
    theme: () => s().setTheme(THEMES[(THEMES.indexOf(s().settings.theme) + 1) % THEMES.length]!),
    zone: () => s().setZone(s().settings.zone === 'queue' ? 'local' : 'queue'),
    close: () => {
      if (s().ui.helpOpen) s().setHelpOpen(false)
      else if (s().ui.selectedCallId) s().selectCall(null)
    },
  })
}

export function App() {
  const view = useFw((s) => s.ui.view)
  const bootError = useFw((s) => s.ui.bootError)
  const stale = useIsStale()
  useAppliedTheme()
  useGlobalShortcuts()
  const View = VIEW_COMPONENTS[view]
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <StaleBanner />
      <AwayPanel />
      <div className="app-body">
        <Nav />
        <main id="main" className={`app-main${stale ? ' is-stale' : ''}`} tabIndex={-1}>
          {bootError ? (
            <ErrorMessage>Could not reach the console engine: {bootError}</ErrorMessage>
          ) : (
            <View />
          )}
        </main>
      </div>
      <Toasts />
      <HelpOverlay />
    </div>
  )
}
