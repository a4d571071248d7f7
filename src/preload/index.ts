// The preload exposes the RendererApi of src/shared/contract.ts and nothing else: named functions, never
// a generic invoke(channel), and listeners that never see Electron's event object.
import { contextBridge, ipcRenderer } from 'electron'
import type { AppInfo, EventKey, EventMap, InvokeKey, RendererApi, Result } from '../shared/contract'

const invoker =
  <T>(key: InvokeKey) =>
  (payload?: unknown): Promise<Result<T>> =>
    ipcRenderer.invoke(key, payload) as Promise<Result<T>>

const subscriber =
  <K extends EventKey>(key: K) =>
  (listener: (payload: EventMap[K]) => void): (() => void) => {
    const wrapped = (_event: unknown, payload: EventMap[K]) => listener(payload)
    ipcRenderer.on(key, wrapped)
    return () => ipcRenderer.removeListener(key, wrapped)
  }

const api: RendererApi = {
  getInfo: invoker<AppInfo>('app:info'),
  onNotice: subscriber('app:notice'),
}

contextBridge.exposeInMainWorld('floorwatch', api)
