// The one renderer store, made by a factory from feature slices. Persistence sits on the root only and
// keeps preferences and read marks, never floor data (main's offline cache owns that).
import { createStore, type StoreApi } from 'zustand/vanilla'
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware'
import { createAlertsSlice, type AlertsSlice } from './alerts-slice'
import { createConnectionSlice, type ConnectionSlice } from './connection-slice'
import { createFloorSlice, type FloorSlice } from './floor-slice'
import { createSettingsSlice, type SettingsSlice } from './settings-slice'
import { createUiSlice, type UiSlice } from './ui-slice'

export type FloorwatchState = FloorSlice & ConnectionSlice & AlertsSlice & SettingsSlice & UiSlice
export type FloorwatchStore = StoreApi<FloorwatchState>

export interface StoreDeps {
  /** Where preferences live; none (tests, benchmarks) keeps them in memory. */
  storage?: StateStorage
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
  }
}

export function createFloorwatchStore(deps: StoreDeps = {}): FloorwatchStore {
  const storage = deps.storage
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
