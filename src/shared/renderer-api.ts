// Builds the RendererApi from two primitives, so the Electron preload and the headless bridge client
// expose exactly the same named surface, derived from the contract's maps, and differ only in how a call
// and a subscription travel.
import {
  CALLS,
  EVENTS,
  EVENT_KEYS,
  INVOKE_KEYS,
  type EventKey,
  type EventMap,
  type InvokeKey,
  type InvokeRequest,
  type InvokeResponse,
  type RendererApi,
  type Result,
} from './contract'

export type Invoke = <K extends InvokeKey>(
  key: K,
  payload?: InvokeRequest<K>,
) => Promise<Result<InvokeResponse<K>>>
export type Subscribe = <K extends EventKey>(key: K, listener: (payload: EventMap[K]) => void) => () => void

export function createRendererApi(invoke: Invoke, subscribe: Subscribe): RendererApi {
  const api: Record<string, unknown> = {}
  for (const key of INVOKE_KEYS) {
    api[CALLS[key].method] = (request?: unknown) => invoke(key, request as InvokeRequest<typeof key>)
  }
  for (const key of EVENT_KEYS) {
    api[EVENTS[key].method] = (listener: (payload: unknown) => void) => subscribe(key, listener)
  }
  return Object.freeze(api) as RendererApi
}
