// Preferences that outlive a session (persisted by the root store): theme and which clock times use.
import type { StateCreator } from 'zustand'
import type { FloorwatchState } from './index'

export type ThemeChoice = 'system' | 'light' | 'dark'
/** Times in each queue's own zone (where "today" is defined) or in this computer's zone. */
export type ZoneChoice = 'queue' | 'local'

export interface SettingsSlice {
  settings: { theme: ThemeChoice; zone: ZoneChoice }
  setTheme(theme: ThemeChoice): void
  setZone(zone: ZoneChoice): void
}

export const createSettingsSlice: StateCreator<FloorwatchState, [], [], SettingsSlice> = (set) => ({
  settings: { theme: 'system', zone: 'queue' },
  setTheme: (theme) => set((s) => ({ settings: { ...s.settings, theme } })),
  setZone: (zone) => set((s) => ({ settings: { ...s.settings, zone } })),
})
