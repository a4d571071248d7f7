/// <reference types="vite/client" />
import { createRoot } from 'react-dom/client'
import { resolveApi } from './api'
import { connectStore } from './bridge'
import { createActions } from './actions'
import { startBrowserAlerts } from './alerts/browser-alerts'
import { createFloorwatchStore } from './store'
import { Root } from './Root'
import './styles.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
const api = resolveApi()

// The benchmark's baseline: the naive pattern, loaded only when asked for (its own chunk).
if (window.location.hash === '#bench-naive') {
  void import('./bench/naive-calls').then(({ mountNaive }) => mountNaive(root, api))
} else {
  const store = createFloorwatchStore({ storage: window.localStorage, windowStorage: window.sessionStorage })
  connectStore(api, store)
  // Electron's main process notifies for its window; a browser (the headless console) notifies itself.
  if (!window.floorwatch) {
    startBrowserAlerts(
      api,
      window.localStorage,
      () => Date.now() + (store.getState().connection.health?.skewMs ?? 0),
    )
  }
  createRoot(root).render(<Root store={store} actions={createActions(api, store)} />)
}
