// The one IPC contract between main and the renderer, used by the Electron preload and by the headless
// bridge alike. Channel names live here and nowhere else.

export interface AppInfo {
  version: string
  /** Electron desktop app, or the headless console served to a browser. */
  shell: 'electron' | 'headless'
  backend: { url: string; demo: boolean }
}

/** Request/response calls: renderer → main. */
export interface InvokeMap {
  'app:info': { request: void; response: AppInfo }
}

/** Pushes: main → renderer. */
export interface EventMap {
  'app:notice': { level: 'info' | 'warning' | 'error'; message: string }
}

export type InvokeKey = keyof InvokeMap
export type EventKey = keyof EventMap

export type Result<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } }

/** What the renderer may call; implemented by the preload (Electron) and the headless bridge (browser). */
export interface RendererApi {
  getInfo(): Promise<Result<AppInfo>>
  onNotice(listener: (notice: EventMap['app:notice']) => void): () => void
}

export const INVOKE_KEYS: readonly InvokeKey[] = ['app:info']
export const EVENT_KEYS: readonly EventKey[] = ['app:notice']
