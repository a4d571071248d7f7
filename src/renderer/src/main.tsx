/// <reference types="vite/client" />
import { createRoot } from 'react-dom/client'
import { resolveApi } from './api'
import { connectStore } from './bridge'
import { createActions } from './actions'
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
  createRoot(root).render(<Root store={store} actions={createActions(api, store)} />)
}
