// This user's notification preferences in the headless console (the desktop keeps its own in its settings
// file): routing per severity and quiet hours, saved in this browser per signed-in user, so a shared wall
// display or a shared PC keeps each supervisor's own. Bad saved values are dropped whole, never half-applied.
import { createStore } from 'zustand/vanilla'
import type { NotificationPreferences, Routing } from '../../../shared/alerts/notification-policy'
import { quietHoursError, type QuietHours } from '../../../shared/alerts/quiet-hours'
import type { Severity } from '../../../shared/domain/rows'

export interface PreferencesState {
  userId: string | null
  prefs: NotificationPreferences
}

export const preferencesStore = createStore<PreferencesState>(() => ({ userId: null, prefs: {} }))

const keyFor = (userId: string | null) => `floorwatch.notifications:${userId ?? 'signed-out'}`

const SEVERITIES: Severity[] = ['info', 'warning', 'critical']
const isDelivery = (d: unknown) =>
  typeof d === 'object' &&
  d !== null &&
  ['native', 'sound', 'flash', 'banner'].every((k) => typeof (d as Record<string, unknown>)[k] === 'boolean')

function parse(raw: unknown): NotificationPreferences {
  if (typeof raw !== 'object' || raw === null) return {}
  const { routing, quietHours } = raw as NotificationPreferences
  const out: NotificationPreferences = {}
  if (routing && typeof routing === 'object') {
    const r: Partial<Routing> = {}
    for (const s of SEVERITIES) if (isDelivery(routing[s])) r[s] = routing[s]
    out.routing = r
  }
  const q = quietHours as QuietHours | null | undefined
  out.quietHours = q && typeof q === 'object' && !quietHoursError(q) ? q : null
  return out
}

export function loadPreferences(storage: Pick<Storage, 'getItem'>, userId: string | null) {
  try {
    return parse(JSON.parse(storage.getItem(keyFor(userId)) ?? '{}'))
  } catch {
    return {}
  }
}

/** Makes `userId`'s saved preferences the current ones (sign-in, switching user). */
export function switchUser(storage: Pick<Storage, 'getItem'>, userId: string | null): void {
  if (preferencesStore.getState().userId === userId && userId !== null) return
  preferencesStore.setState({ userId, prefs: loadPreferences(storage, userId) })
}

/** Saves and applies; answers why not when quiet hours are not usable. */
export function savePreferences(storage: Pick<Storage, 'setItem'>, prefs: NotificationPreferences) {
  const error = prefs.quietHours ? quietHoursError(prefs.quietHours) : null
  if (error) return error
  const { userId } = preferencesStore.getState()
  storage.setItem(keyFor(userId), JSON.stringify(prefs))
  preferencesStore.setState({ prefs })
  return null
}
