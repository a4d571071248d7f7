// The one IPC contract between main and the renderer, used by the Electron preload and by the headless
// bridge alike. Channel names live here and nowhere else; payloads crossing it are validated by
// src/shared/schemas.ts on the receiving side.
import type { DeltaBatch } from './domain/delta'
import type { HealthReport, Watcher } from './health'

export interface AppInfo {
  version: string
  /** Electron desktop app, or the headless console served to a browser. */
  shell: 'electron' | 'headless'
  backend: { url: string; demo: boolean }
  /** Wall displays connect read-only: no actions. */
  readOnly: boolean
}

export interface SessionInfo {
  user: { id: string; email: string } | null
  orgs: { id: string; name: string; role: string }[]
  orgId: string | null
}

export type AlertActionKind = 'ack' | 'snooze' | 'resolve' | 'note' | 'reopen'
export interface AlertActionRequest {
  alertId: string
  kind: AlertActionKind
  comment?: string
  /** ISO timestamp, for snooze. */
  snoozeUntil?: string
  /** Idempotency key: the same action sent twice is applied once. */
  clientEventId: string
}

/** Where the console gets its floor from: the embedded demo or a Supabase project (never a secret key). */
export interface ConnectionSettings {
  url: string
  demo: boolean
}
export interface ConnectRequest {
  url: string
  anonKey: string
}
export interface SignInRequest {
  email: string
  password: string
}
export interface SwitchOrgRequest {
  orgId: string
}

/** Request/response calls: renderer → main. */
export interface InvokeMap {
  'app:info': { request: void; response: AppInfo }
  'session:get': { request: void; response: SessionInfo }
  'health:get': { request: void; response: HealthReport }
  'alert:act': { request: AlertActionRequest; response: null }
  'diagnostics:get': { request: void; response: Record<string, unknown> }
  'settings:get': { request: void; response: ConnectionSettings }
  'settings:connect': { request: ConnectRequest; response: ConnectionSettings }
  'session:signIn': { request: SignInRequest; response: SessionInfo }
  'session:signOut': { request: void; response: SessionInfo }
  'session:switchOrg': { request: SwitchOrgRequest; response: SessionInfo }
}

/** Pushes: main → renderer. */
export interface EventMap {
  'floor:batch': DeltaBatch
  'health:changed': HealthReport
  'presence:changed': Watcher[]
  'app:notice': { level: 'info' | 'warning' | 'error'; message: string }
  /** The user clicked an alert's OS notification: show that alert. */
  'alert:open': { alertId: string }
}

export type InvokeKey = keyof InvokeMap
export type EventKey = keyof EventMap

export type Result<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } }

/** What the renderer may call; implemented by the preload (Electron) and the headless bridge (browser). */
export interface RendererApi {
  getInfo(): Promise<Result<AppInfo>>
  getSession(): Promise<Result<SessionInfo>>
  getHealth(): Promise<Result<HealthReport>>
  alertAction(request: AlertActionRequest): Promise<Result<null>>
  getDiagnostics(): Promise<Result<Record<string, unknown>>>
  getSettings(): Promise<Result<ConnectionSettings>>
  connect(request: ConnectRequest): Promise<Result<ConnectionSettings>>
  signIn(request: SignInRequest): Promise<Result<SessionInfo>>
  signOut(): Promise<Result<SessionInfo>>
  switchOrg(request: SwitchOrgRequest): Promise<Result<SessionInfo>>
  onBatch(listener: (batch: DeltaBatch) => void): () => void
  onHealth(listener: (health: HealthReport) => void): () => void
  onPresence(listener: (watchers: Watcher[]) => void): () => void
  onNotice(listener: (notice: EventMap['app:notice']) => void): () => void
  onOpenAlert(listener: (request: EventMap['alert:open']) => void): () => void
}

export const INVOKE_KEYS = [
  'app:info',
  'session:get',
  'health:get',
  'alert:act',
  'diagnostics:get',
  'settings:get',
  'settings:connect',
  'session:signIn',
  'session:signOut',
  'session:switchOrg',
] as const satisfies readonly InvokeKey[]
export const EVENT_KEYS = [
  'floor:batch',
  'health:changed',
  'presence:changed',
  'app:notice',
  'alert:open',
] as const satisfies readonly EventKey[]

/** Calls a read-only (wall display) view may not make. */
export const MUTATING_KEYS: ReadonlySet<InvokeKey> = new Set<InvokeKey>([
  'alert:act',
  'settings:connect',
  'session:signIn',
  'session:signOut',
  'session:switchOrg',
])

export function isInvokeKey(value: unknown): value is InvokeKey {
  return typeof value === 'string' && (INVOKE_KEYS as readonly string[]).includes(value)
}
