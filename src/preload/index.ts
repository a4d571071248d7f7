// The preload exposes the RendererApi of src/shared/contract.ts and nothing else: named functions, never
// a generic invoke(channel), and listeners that never see Electron's event object.
import { contextBridge, ipcRenderer } from 'electron'
import type { EventKey, EventMap } from '../shared/contract'
import { createRendererApi, type Invoke } from '../shared/renderer-api'

const invoke: Invoke = (key, payload) => ipcRenderer.invoke(key, payload)

function subscribe<K extends EventKey>(key: K, listener: (payload: EventMap[K]) => void): () => void {
  const wrapped = (_event: unknown, payload: EventMap[K]) => listener(payload)
  ipcRenderer.on(key, wrapped)
  return () => ipcRenderer.removeListener(key, wrapped)
}

contextBridge.exposeInMainWorld('floorwatch', createRendererApi(invoke, subscribe))
