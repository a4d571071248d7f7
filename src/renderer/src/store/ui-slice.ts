// What the app shell shows: the current view, overlays, toasts, and what main told us about itself.
import type { StateCreator } from 'zustand'
import type { AppInfo, ConnectionSettings, SessionInfo } from '../../../shared/contract'
import type { FloorwatchState } from './index'

export { VIEWS, VIEW_LABELS, type ViewName } from '../../../shared/views'
import type { ViewName } from '../../../shared/views'

export interface Toast {
  id: number
  level: 'info' | 'success' | 'warning' | 'error'
  message: string
}

const MAX_TOASTS = 4

export interface UiSlice {
  ui: {
    view: ViewName
    helpOpen: boolean
    toasts: readonly Toast[]
    info: AppInfo | null
    session: SessionInfo | null
    connectionSettings: ConnectionSettings | null
    /** Why the app could not start talking to main, if it could not. */
    bootError: string | null
    selectedCallId: string | null
  }
  setView(view: ViewName): void
  setHelpOpen(open: boolean): void
  toast(level: Toast['level'], message: string): void
  dismissToast(id: number): void
  setInfo(info: AppInfo): void
  setSession(session: SessionInfo): void
  setConnectionSettings(settings: ConnectionSettings): void
  setBootError(message: string | null): void
  selectCall(id: string | null): void
}

let nextToast = 1

export const createUiSlice: StateCreator<FloorwatchState, [], [], UiSlice> = (set) => {
  const patch = (p: Partial<UiSlice['ui']>) => set((s) => ({ ui: { ...s.ui, ...p } }))
  return {
    ui: {
      view: 'floor',
      helpOpen: false,
      toasts: [],
      info: null,
      session: null,
      connectionSettings: null,
      bootError: null,
      selectedCallId: null,
    },
    setView: (view) => patch({ view }),
    setHelpOpen: (helpOpen) => patch({ helpOpen }),
    toast: (level, message) =>
      set((s) => ({
        ui: { ...s.ui, toasts: [...s.ui.toasts, { id: nextToast++, level, message }].slice(-MAX_TOASTS) },
      })),
    dismissToast: (id) => set((s) => ({ ui: { ...s.ui, toasts: s.ui.toasts.filter((t) => t.id !== id) } })),
    setInfo: (info) => patch({ info }),
    setSession: (session) => patch({ session }),
    setConnectionSettings: (connectionSettings) => patch({ connectionSettings }),
    setBootError: (bootError) => patch({ bootError }),
    selectCall: (selectedCallId) => patch({ selectedCallId }),
  }
}
