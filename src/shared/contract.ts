// The one IPC contract between main and the renderer, used by the Electron preload and by the headless
// bridge alike. Everything derives from two maps, CALLS and EVENTS: the channel names (which live here and
// nowhere else), the request schemas and the types inferred from them, the RendererApi method names, the
// calls a read-only display may not make. Adding a call is one entry here; a handler left out is a type
// error where the handlers are built.
import type * as v from 'valibot'
import type { DeltaBatch } from './domain/delta'
import type { AlertRule } from './domain/rows'
import type { HealthReport, Watcher } from './health'
import {
  AlertActionSchema,
  ConnectSchema,
  NoPayload,
  parseWith,
  RuleUpdateSchema,
  SignInSchema,
  SwitchOrgSchema,
  type Parsed,
} from './schemas'
import {
  AnnounceSchema,
  WallCommandSchema,
  WallIdSchema,
  WallNameSchema,
  type AccessRefusal,
  type Announcement,
  type IssuedWallToken,
  type WallCommand,
  type WallDevice,
} from './walls'

export interface AppInfo {
  version: string
  /** Electron desktop app, or the headless console served to a browser. */
  shell: 'electron' | 'headless'
  backend: { url: string; demo: boolean }
  /** Wall displays connect read-only: no actions. */
  readOnly: boolean
  /** A kiosk (wall) window: Settings → Connect is not offered (absent = offered). */
  kiosk?: boolean
}

export interface SessionInfo {
  user: { id: string; email: string } | null
  orgs: { id: string; name: string; role: string }[]
  orgId: string | null
}

/** Where the console gets its floor from: the embedded demo or a Supabase project (never a secret key). */
export interface ConnectionSettings {
  url: string
  demo: boolean
}

export type Notice = { level: 'info' | 'warning' | 'error'; message: string }

/** What became of an alert action: applied by the server now, or stored and replayed when it can be. */
export interface AlertActionOutcome {
  status: 'sent' | 'queued'
}

/** An alert action waiting in the outbox (offline, or sending). */
export interface PendingAction {
  clientEventId: string
  alertId: string
  kind: 'ack' | 'snooze' | 'resolve' | 'note' | 'reopen'
  queuedAt: number
  state: 'queued' | 'sending'
}

/** The one result shape of every call: handlers' failures are data, never thrown across a boundary. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } }

interface CallSpec<M extends string, S extends v.GenericSchema, R> {
  /** The RendererApi method. */
  method: M
  request: S
  /** Not for read-only (wall display) views. */
  mutating: boolean
  /** Type only: what the call answers. */
  response: R
}

const call =
  <R>() =>
  <M extends string, S extends v.GenericSchema>(method: M, request: S, mutating = false): CallSpec<M, S, R> =>
    ({ method, request, mutating }) as CallSpec<M, S, R>

interface EventSpec<M extends string, P> {
  method: M
  /** Type only: what the event carries. */
  payload: P
}

const event =
  <P>() =>
  <M extends string>(method: M): EventSpec<M, P> =>
    ({ method }) as EventSpec<M, P>

/** Request/response calls: renderer → main. */
export const CALLS = {
  'app:info': call<AppInfo>()('getInfo', NoPayload),
  'session:get': call<SessionInfo>()('getSession', NoPayload),
  'health:get': call<HealthReport>()('getHealth', NoPayload),
  'alert:act': call<AlertActionOutcome>()('alertAction', AlertActionSchema, true),
  'outbox:get': call<PendingAction[]>()('getOutbox', NoPayload),
  /** Admins: change an alert rule; the evaluator applies it on its next run, every console sees it live. */
  'rules:update': call<AlertRule>()('updateRule', RuleUpdateSchema, true),
  'diagnostics:get': call<Record<string, unknown>>()('getDiagnostics', NoPayload),
  'settings:get': call<ConnectionSettings>()('getSettings', NoPayload),
  'settings:connect': call<ConnectionSettings>()('connect', ConnectSchema, true),
  'session:signIn': call<SessionInfo>()('signIn', SignInSchema, true),
  'session:signOut': call<SessionInfo>()('signOut', NoPayload, true),
  'session:switchOrg': call<SessionInfo>()('switchOrg', SwitchOrgSchema, true),
  /** A banner on every wall of the org. */
  'wall:announce': call<Announcement>()('announce', AnnounceSchema, true),
  // Browser wall displays of the headless console (Settings → Wall displays); supervisors only.
  'walls:list': call<WallDevice[]>()('listWalls', NoPayload, true),
  'walls:create': call<IssuedWallToken>()('createWall', WallNameSchema, true),
  'walls:revoke': call<WallDevice>()('revokeWall', WallIdSchema, true),
  /** Tells every screen of one device to flash its name or reload; answers how many were told. */
  'walls:command': call<{ screens: number }>()('commandWall', WallCommandSchema, true),
}

/** Pushes: main → renderer. */
export const EVENTS = {
  'floor:batch': event<DeltaBatch>()('onBatch'),
  'health:changed': event<HealthReport>()('onHealth'),
  'presence:changed': event<Watcher[]>()('onPresence'),
  /** Signed in, out, or into another org (by this window, another one, or the console itself). */
  'session:changed': event<SessionInfo>()('onSession'),
  'app:notice': event<Notice>()('onNotice'),
  /** The actions waiting in the outbox changed. */
  'outbox:changed': event<PendingAction[]>()('onOutbox'),
  /** The user clicked an alert's OS notification: show that alert. */
  'alert:open': event<{ alertId: string }>()('onOpenAlert'),
  /** A supervisor's announcement on the org channel. */
  'wall:announcement': event<Announcement>()('onAnnouncement'),
  /** This display's token is missing, wrong or was revoked: it shows why instead of the floor. */
  'access:refused': event<AccessRefusal>()('onAccessRefused'),
  /** Sent to one wall device's screens by a supervisor. */
  'wall:command': event<{ command: WallCommand; name: string }>()('onWallCommand'),
}

export type InvokeKey = keyof typeof CALLS
export type EventKey = keyof typeof EVENTS
export type InvokeRequest<K extends InvokeKey> = v.InferOutput<(typeof CALLS)[K]['request']>
export type InvokeResponse<K extends InvokeKey> = (typeof CALLS)[K]['response']

export type InvokeMap = { [K in InvokeKey]: { request: InvokeRequest<K>; response: InvokeResponse<K> } }
export type EventMap = { [K in EventKey]: (typeof EVENTS)[K]['payload'] }

export type AlertActionRequest = InvokeRequest<'alert:act'>
export type AlertActionKind = AlertActionRequest['kind']
export type ConnectRequest = InvokeRequest<'settings:connect'>
export type SignInRequest = InvokeRequest<'session:signIn'>
export type RuleUpdateRequest = InvokeRequest<'rules:update'>
export type SwitchOrgRequest = InvokeRequest<'session:switchOrg'>

type CallMethod<K extends InvokeKey> =
  InvokeRequest<K> extends null | undefined | void
    ? () => Promise<Result<InvokeResponse<K>>>
    : (request: InvokeRequest<K>) => Promise<Result<InvokeResponse<K>>>

/** What the renderer may call; implemented by the preload (Electron) and the headless bridge (browser). */
export type RendererApi = {
  [K in InvokeKey as (typeof CALLS)[K]['method']]: CallMethod<K>
} & {
  [K in EventKey as (typeof EVENTS)[K]['method']]: (listener: (payload: EventMap[K]) => void) => () => void
}

export const INVOKE_KEYS = Object.keys(CALLS) as InvokeKey[]
export const EVENT_KEYS = Object.keys(EVENTS) as EventKey[]

/** Calls a read-only (wall display) view may not make. */
export const MUTATING_KEYS: ReadonlySet<InvokeKey> = new Set(INVOKE_KEYS.filter((k) => CALLS[k].mutating))

export function isInvokeKey(value: unknown): value is InvokeKey {
  return typeof value === 'string' && Object.hasOwn(CALLS, value)
}

export function isEventKey(value: unknown): value is EventKey {
  return typeof value === 'string' && Object.hasOwn(EVENTS, value)
}

/** Parses a call's payload with its schema. */
export function parseRequest<K extends InvokeKey>(key: K, payload: unknown): Parsed<InvokeRequest<K>> {
  return parseWith(CALLS[key].request, payload) as Parsed<InvokeRequest<K>>
}
