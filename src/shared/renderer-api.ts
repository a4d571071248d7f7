// Builds the RendererApi from two primitives, so the Electron preload and the headless bridge client
// expose exactly the same named surface and differ only in how a call and a subscription travel.
import type { EventKey, EventMap, InvokeKey, InvokeMap, RendererApi, Result } from './contract'

export type Invoke = <K extends InvokeKey>(
  key: K,
  payload?: InvokeMap[K]['request'],
) => Promise<Result<InvokeMap[K]['response']>>
export type Subscribe = <K extends EventKey>(key: K, listener: (payload: EventMap[K]) => void) => () => void

export function createRendererApi(invoke: Invoke, subscribe: Subscribe): RendererApi {
  return {
    getInfo: () => invoke('app:info'),
    getSession: () => invoke('session:get'),
    getHealth: () => invoke('health:get'),
    alertAction: (request) => invoke('alert:act', request),
    getDiagnostics: () => invoke('diagnostics:get'),
    getSettings: () => invoke('settings:get'),
    connect: (request) => invoke('settings:connect', request),
    signIn: (request) => invoke('session:signIn', request),
    signOut: () => invoke('session:signOut'),
    switchOrg: (request) => invoke('session:switchOrg', request),
    onBatch: (listener) => subscribe('floor:batch', listener),
    onHealth: (listener) => subscribe('health:changed', listener),
    onPresence: (listener) => subscribe('presence:changed', listener),
    onNotice: (listener) => subscribe('app:notice', listener),
    onOpenAlert: (listener) => subscribe('alert:open', listener),
  }
}
