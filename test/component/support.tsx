// Component-test support: a fake RendererApi the test drives (pushes events, records calls), jsdom gaps
// filled (ResizeObserver, matchMedia), and the app rendered from a real store fed through the real bridge.
import type { WallDevice } from '../../src/shared/walls'
import { act, cleanup, render } from '@testing-library/react'
import { afterEach } from 'vitest'
import type {
  AlertActionOutcome,
  AlertActionRequest,
  AppInfo,
  EventMap,
  RendererApi,
  Result,
  SessionInfo,
} from '../../src/shared/contract'
import type { Delta, DeltaBatch } from '../../src/shared/domain/delta'
import type { AlertRule } from '../../src/shared/domain/rows'
import type { HealthReport, Watcher } from '../../src/shared/health'
import { connectStore } from '../../src/renderer/src/bridge'
import { createActions } from '../../src/renderer/src/actions'
import { createFloorwatchStore, type FloorwatchStore } from '../../src/renderer/src/store'
import { Root } from '../../src/renderer/src/Root'
import { health } from './fixtures'

afterEach(cleanup)
// Tests that set a query (?board, ?console) leave the next one at the plain URL.
afterEach(() => window.history.replaceState(null, '', '/'))

class FakeResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver ??= FakeResizeObserver as unknown as typeof ResizeObserver
if (typeof window !== 'undefined' && !window.matchMedia) {
  window.matchMedia = ((query: string) => ({
    matches: false,
    media: query,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  })) as unknown as typeof window.matchMedia
}

type Listeners = { [K in keyof EventMap]: Set<(p: EventMap[K]) => void> }

export interface FakeApi extends RendererApi {
  calls: { method: string; payload: unknown }[]
  alertActions: AlertActionRequest[]
  /** The next result of a named method (default ok). */
  results: Partial<Record<keyof RendererApi, Result<unknown>>>
  emit<K extends keyof EventMap>(key: K, payload: EventMap[K]): void
}

export function fakeApi(info: Partial<AppInfo> = {}, session?: SessionInfo): FakeApi {
  const listeners: Listeners = {
    'floor:batch': new Set(),
    'health:changed': new Set(),
    'presence:changed': new Set(),
    'session:changed': new Set(),
    'app:notice': new Set(),
    'alert:open': new Set(),
    'outbox:changed': new Set(),
    'wall:announcement': new Set(),
    'access:refused': new Set(),
    'wall:command': new Set(),
  }
  const on =
    <K extends keyof EventMap>(key: K) =>
    (l: (p: EventMap[K]) => void) => {
      listeners[key].add(l)
      return () => void listeners[key].delete(l)
    }
  const appInfo: AppInfo = {
    version: '0.1.0',
    shell: 'headless',
    backend: { url: 'http://127.0.0.1:54321', demo: true },
    readOnly: false,
    ...info,
  }
  const sessionInfo: SessionInfo = session ?? {
    user: { id: 'u1', email: 'sup@example.test' },
    orgs: [{ id: '00000000-0000-4000-8000-0000000000a1', name: 'Acme Contact', role: 'supervisor' }],
    orgId: '00000000-0000-4000-8000-0000000000a1',
  }
  const walls: WallDevice[] = []
  const api: FakeApi = {
    calls: [],
    alertActions: [],
    results: {},
    emit: (key, payload) => {
      for (const l of listeners[key]) (l as (p: unknown) => void)(payload)
    },
    getInfo: async () => ({ ok: true, data: appInfo }),
    getSession: async () => ({ ok: true, data: sessionInfo }),
    getHealth: async () => ({ ok: true, data: health('LIVE') }),
    getSettings: async () => ({ ok: true, data: { url: appInfo.backend.url, demo: appInfo.backend.demo } }),
    alertAction: async (request) => {
      api.alertActions.push(request)
      return (api.results.alertAction as Result<AlertActionOutcome>) ?? { ok: true, data: { status: 'sent' } }
    },
    getOutbox: async () => ({ ok: true, data: [] }),
    updateRule: async (request) => record('updateRule', request, { id: request.ruleId } as AlertRule),
    getDiagnostics: async () => ({ ok: true, data: { fake: true } }),
    connect: async (request) => record('connect', request, { url: request.url, demo: false }),
    signIn: async (request) => record('signIn', request, sessionInfo),
    signOut: async () => record('signOut', undefined, { ...sessionInfo, user: null }),
    switchOrg: async (request) => record('switchOrg', request, { ...sessionInfo, orgId: request.orgId }),
    onBatch: on('floor:batch'),
    onHealth: on('health:changed'),
    onPresence: on('presence:changed'),
    onSession: on('session:changed'),
    onNotice: on('app:notice'),
    onOpenAlert: on('alert:open'),
    onOutbox: on('outbox:changed'),
    onAnnouncement: on('wall:announcement'),
    onAccessRefused: on('access:refused'),
    onWallCommand: on('wall:command'),
    announce: async (request) => {
      const sentAt = new Date().toISOString()
      const until = new Date(Date.now() + request.minutes * 60_000).toISOString()
      return record('announce', request, { id: 'a1', text: request.text, from: null, sentAt, until })
    },
    // Not recorded: the Settings panel lists on every presence change.
    listWalls: async () => ({ ok: true, data: [...walls] }),
    createWall: async (request) => {
      const device: WallDevice = {
        id: `00000000-0000-4000-8000-00000000000${walls.length + 1}`,
        name: request.name,
        createdAt: new Date().toISOString(),
        revokedAt: null,
        lastSeenAt: null,
        connected: 0,
      }
      walls.push(device)
      return record('createWall', request, { device, token: `fw_wall_secret${walls.length}` })
    },
    revokeWall: async (request) => {
      const d = walls.find((x) => x.id === request.id)!
      d.revokedAt = new Date().toISOString()
      return record('revokeWall', request, { ...d })
    },
    commandWall: async (request) => record('commandWall', request, { screens: 1 }),
  }
  function record<T>(method: keyof RendererApi, payload: unknown, data: T): Result<T> {
    api.calls.push({ method, payload })
    return (api.results[method] as Result<T>) ?? { ok: true, data }
  }
  return api
}

export interface Harness {
  api: FakeApi
  store: FloorwatchStore
  /** Pushes one batch (live news, or a whole snapshot or resync frame) and lets the scheduler flush it. */
  batch(deltas: Delta[], frame?: 'snapshot' | 'resync'): Promise<void>
  health(h: HealthReport): Promise<void>
  presence(w: Watcher[]): Promise<void>
  flush(): Promise<void>
  storeUpdates(): number
}

export async function renderApp(
  opts: { info?: Partial<AppInfo>; snapshot?: Delta[]; session?: SessionInfo } = {},
): Promise<Harness> {
  const api = fakeApi(opts.info, opts.session)
  const store = createFloorwatchStore()
  let updates = 0
  store.subscribe(() => updates++)
  const frames: (() => void)[] = []
  let frames_ = 0
  connectStore(api, store, { frame: (fn) => void frames.push(fn), now: () => Date.now() })
  render(<Root store={store} actions={createActions(api, store)} />)
  const flush = async () => {
    await act(async () => {
      await Promise.resolve()
      for (const fn of frames.splice(0)) fn()
    })
  }
  const h: Harness = {
    api,
    store,
    flush,
    batch: async (deltas, frame) => {
      const framed = frame && {
        frame: { id: ++frames_, kind: frame, first: true, last: true, source: 'server' as const },
      }
      api.emit('floor:batch', { deltas, ...framed } satisfies DeltaBatch)
      await flush()
    },
    health: async (x) => {
      await act(async () => api.emit('health:changed', x))
    },
    presence: async (w) => {
      await act(async () => api.emit('presence:changed', w))
    },
    storeUpdates: () => updates,
  }
  await flush()
  if (opts.snapshot) await h.batch(opts.snapshot, 'snapshot')
  return h
}
