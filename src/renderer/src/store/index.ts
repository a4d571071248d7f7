// The one renderer store, made by a factory from feature slices. Persistence sits on the root only and
// keeps preferences and read marks, never floor data (main's offline cache owns that).
import { createStore, type StoreApi } from 'zustand/vanilla'
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware'
import { createAlertsSlice, type AlertsSlice } from './alerts-slice'
import { createConnectionSlice, type ConnectionSlice } from './connection-slice'
import { createFloorSlice, type FloorSlice } from './floor-slice'
import { createSettingsSlice, type SettingsSlice } from './settings-slice'
import { createUiSlice, VIEWS, type UiSlice, type ViewName } from './ui-slice'
import { createWallsSlice, type WallsSlice } from './walls-slice'

export type FloorwatchState = FloorSlice &
  ConnectionSlice &
  AlertsSlice &
  SettingsSlice &
  UiSlice &
  WallsSlice
export type FloorwatchStore = StoreApi<FloorwatchState>

export interface StoreDeps {
  /** Where preferences live; none (tests, benchmarks) keeps them in memory. */
  storage?: StateStorage
  /**
   * Per-window state that survives a reload (sessionStorage): a renderer that crashed or hung and was
   * reloaded by main comes back on the view it showed.
   */
  windowStorage?: Pick<Storage, 'getItem' | 'setItem'>
}

const VIEW_KEY = 'floorwatch.view'

function keepView(store: FloorwatchStore, storage: NonNullable<StoreDeps['windowStorage']>): void {
  const saved = storage.getItem(VIEW_KEY)
  if (saved && (VIEWS as readonly string[]).includes(saved)) store.getState().setView(saved as ViewName)
  store.subscribe((s, prev) => {
    if (s.ui.view !== prev.ui.view) storage.setItem(VIEW_KEY, s.ui.view)
  })
}

type Persisted = {
  settings?: Partial<FloorwatchState['settings']>
  alertsUi?: { read?: Record<string, true> }
}

function slices(
  set: StoreApi<FloorwatchState>['setState'],
  get: StoreApi<FloorwatchState>['getState'],
  api: StoreApi<FloorwatchState>,
): FloorwatchState {
  return {
    ...createFloorSlice(set, get, api),
    ...createConnectionSlice(set, get, api),
    ...createAlertsSlice(set, get, api),
    ...createSettingsSlice(set, get, api),
    ...createUiSlice(set, get, api),
    ...createWallsSlice(set, get, api),
  }
}

export function createFloorwatchStore(deps: StoreDeps = {}): FloorwatchStore {
  const store = createRootStore(deps.storage)
  if (deps.windowStorage) keepView(store, deps.windowStorage)
  return store
}

function createRootStore(storage: StateStorage | undefined): FloorwatchStore {
  if (!storage) return createStore<FloorwatchState>()(slices)
  return createStore<FloorwatchState>()(
    persist((set, get, api) => slices(set, get, api as StoreApi<FloorwatchState>), {
      name: 'floorwatch.preferences',
      version: 1,
      storage: createJSONStorage(() => storage),
      partialize: (s): Persisted => ({ settings: s.settings, alertsUi: { read: s.alertsUi.read } }),
      merge: (persisted, current) => {
        const p = (persisted ?? {}) as Persisted
        return {
          ...current,
          settings: { ...current.settings, ...p.settings },
          alertsUi: { ...current.alertsUi, read: p.alertsUi?.read ?? {} },
        }
      },
    }),
  )
}
