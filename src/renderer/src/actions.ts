// What the user can ask main to do. Each action reports its outcome as a toast and returns whether it
// worked; components call these and never hold the api themselves.
import type {
  AlertActionKind,
  ConnectRequest,
  RendererApi,
  Result,
  RuleUpdateRequest,
  SignInRequest,
} from '../../shared/contract'
import type { FloorwatchStore } from './store'
import { downloadJson } from './lib/download'
import { createWallActions, type WallActions } from './walls-actions'

export interface AlertActionInput {
  alertId: string
  kind: AlertActionKind
  comment?: string
  snoozeMinutes?: number
}

export interface Actions {
  alert(input: AlertActionInput): Promise<boolean>
  exportDiagnostics(): Promise<boolean>
  /** Admins: change an alert rule. */
  updateRule(request: RuleUpdateRequest): Promise<boolean>
  connect(request: ConnectRequest): Promise<boolean>
  signIn(request: SignInRequest): Promise<boolean>
  signOut(): Promise<boolean>
  switchOrg(orgId: string): Promise<boolean>
  /** Announcements and browser wall displays. */
  walls: WallActions
}

const DONE: Record<AlertActionKind, string> = {
  ack: 'Alert acknowledged',
  snooze: 'Alert snoozed',
  resolve: 'Alert resolved',
  note: 'Note added',
  reopen: 'Alert reopened',
}

const QUEUED: Record<AlertActionKind, string> = {
  ack: 'acknowledgement',
  snooze: 'snooze',
  resolve: 'resolution',
  note: 'note',
  reopen: 'reopening',
}

export function createActions(
  api: RendererApi,
  store: FloorwatchStore,
  newId: () => string = () => crypto.randomUUID(),
): Actions {
  const s = () => store.getState()
  async function run<T>(
    call: () => Promise<Result<T>>,
    success: string | null,
    onData?: (d: T) => boolean | void,
  ) {
    try {
      const r = await call()
      if (!r.ok) {
        s().toast('error', r.error.message)
        return false
      }
      // onData returning true has said what happened itself.
      if (onData?.(r.data) === true) return true
      if (success) s().toast('success', success)
      return true
    } catch (err) {
      s().toast('error', err instanceof Error ? err.message : String(err))
      return false
    }
  }
  const serverNow = () => Date.now() + (s().connection.health?.skewMs ?? 0)
  return {
    walls: createWallActions(api, store),
    alert: ({ alertId, kind, comment, snoozeMinutes }) =>
      run(
        () =>
          api.alertAction({
            alertId,
            kind,
            clientEventId: newId(),
            ...(comment?.trim() ? { comment: comment.trim() } : {}),
            ...(kind === 'snooze'
              ? { snoozeUntil: new Date(serverNow() + (snoozeMinutes ?? 15) * 60_000).toISOString() }
              : {}),
          }),
        DONE[kind],
        (outcome) => {
          if (outcome.status !== 'queued') return
          s().toast('info', `Saved offline: the ${QUEUED[kind]} will be sent when the connection is back.`)
          return true
        },
      ),
    updateRule: (request) => run(() => api.updateRule(request), 'Alert rule saved'),
    exportDiagnostics: () =>
      run(
        () => api.getDiagnostics(),
        'Diagnostics exported',
        (data) =>
          downloadJson(`floorwatch-diagnostics-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, data),
      ),
    connect: (request) =>
      run(
        () => api.connect(request),
        'Connected',
        (c) => s().setConnectionSettings(c),
      ),
    signIn: (request) =>
      run(
        () => api.signIn(request),
        'Signed in',
        (x) => s().setSession(x),
      ),
    signOut: () =>
      run(
        () => api.signOut(),
        'Signed out',
        (x) => s().setSession(x),
      ),
    switchOrg: (orgId) =>
      run(
        () => api.switchOrg({ orgId }),
        'Organisation switched',
        (x) => s().setSession(x),
      ),
  }
}
