// Alert UI state: which alerts this supervisor has read (persisted) and which one is selected.
import type { StateCreator } from 'zustand'
import type { FloorwatchState } from './index'

/** Read marks for alerts long gone are dropped beyond this many, oldest first. */
const MAX_READ = 1000

export interface AlertsSlice {
  alertsUi: {
    read: Readonly<Record<string, true>>
    selectedId: string | null
  }
  markRead(ids: readonly string[]): void
  markUnread(id: string): void
  selectAlert(id: string | null): void
}

export const createAlertsSlice: StateCreator<FloorwatchState, [], [], AlertsSlice> = (set) => ({
  alertsUi: { read: {}, selectedId: null },
  markRead: (ids) =>
    set((s) => {
      const keys = [...Object.keys(s.alertsUi.read), ...ids.filter((id) => !s.alertsUi.read[id])]
      const read = Object.fromEntries(keys.slice(-MAX_READ).map((k) => [k, true] as const))
      return { alertsUi: { ...s.alertsUi, read } }
    }),
  markUnread: (id) =>
    set((s) => {
      const read = { ...s.alertsUi.read }
      delete read[id]
      return { alertsUi: { ...s.alertsUi, read } }
    }),
  selectAlert: (selectedId) => set((s) => ({ alertsUi: { ...s.alertsUi, selectedId } })),
})
