// The screens connected to this headless console right now: what a supervisor's Settings lists (named wall
// devices with how many screens use each), who is told "identify" or "reload", whose sockets are closed
// the moment their device is revoked, and what this console announces in the org's presence — each
// supervisor's browser and each wall display, so that every console of the org counts them by kind.
import { randomUUID } from 'node:crypto'
import type { PresenceScreen } from '../core/feed'
import type { Watcher } from '../../shared/health'
import type {
  AccessRefusal,
  Announcement,
  IssuedWallToken,
  WallCommand,
  WallDevice,
} from '../../shared/walls'
import type { Identity } from './access'
import type { WallDevices } from './wall-devices'

/** One connected view as the hub sees it: told things, or closed. */
export interface WallLink {
  who: Identity
  since: string
  command(command: WallCommand, name: string): void
  refuse(refusal: AccessRefusal): void
}

/** A watcher as the engine lists it: `self` marks this console's own presence (its screens, once synced). */
type Listed = Watcher & { self?: boolean }

export class WallHub {
  private readonly links = new Set<WallLink>()
  private readonly keys = new WeakMap<WallLink, string>()
  private readonly listeners = new Set<() => void>()
  private announcements: Announcement[] = []

  constructor(readonly devices: WallDevices) {}

  add(link: WallLink): () => void {
    this.links.add(link)
    this.keys.set(link, randomUUID())
    const id = deviceId(link)
    if (id) this.devices.seen(id)
    this.changed()
    return () => {
      if (!this.links.delete(link)) return
      if (id) this.devices.seen(id)
      this.changed()
    }
  }

  /** Kept until their end, so a wall that (re)connects meanwhile shows them too. */
  remember(a: Announcement, now = Date.now()): void {
    this.announcements = [...this.current(now).filter((x) => x.id !== a.id), a]
  }

  current(now = Date.now()): Announcement[] {
    return this.announcements.filter((a) => Date.parse(a.until) > now)
  }

  /** Connected walls changed (one came or went): presence lists are re-sent. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  create(name: string): IssuedWallToken {
    const issued = this.devices.create(name)
    this.changed()
    return issued
  }

  list(): WallDevice[] {
    return this.devices.list((id) => [...this.links].filter((l) => deviceId(l) === id).length)
  }

  /** Tells every screen of a device; false when none is connected (the supervisor is told so). */
  command(id: string, command: WallCommand): number {
    const name = this.devices.list().find((d) => d.id === id)?.name
    if (!name) throw new Error(`No wall display with id ${id}.`)
    const targets = [...this.links].filter((l) => deviceId(l) === id)
    for (const l of targets) l.command(command, name)
    return targets.length
  }

  revoke(id: string): WallDevice {
    const device = this.devices.revoke(id)
    const refusal: AccessRefusal = {
      reason: 'revoked',
      message: `The access of the wall display "${device.name}" was revoked on ${device.revokedAt}. Ask a supervisor for a new one (Settings → Wall displays).`,
    }
    for (const l of [...this.links]) if (deviceId(l) === id) l.refuse(refusal)
    this.changed()
    return device
  }

  /** What this console serves, for its presence on the org channel: one entry per connected screen. */
  screens(): PresenceScreen[] {
    return [...this.links].map((l) => ({
      key: this.keys.get(l)!,
      kind: l.who.access === 'read-only' ? ('wallboard' as const) : ('console' as const),
      name: l.who.access === 'read-only' ? (l.who.device?.name ?? 'Wall display') : null,
      since: l.since,
    }))
  }

  /**
   * The org's presence as a screen here should see it: other consoles (and their screens) as the channel
   * says, and this console's own screens as they are right now — also while the channel is down, or before
   * the latest change has made the round trip.
   */
  presence(base: readonly Listed[], userEmail: string | null): Watcher[] {
    const own: Watcher[] = this.screens().map((s) => ({
      key: `here/${s.key}`,
      kind: s.kind,
      email: s.name ?? userEmail,
      since: s.since,
    }))
    return [...base.filter((w) => !w.self), ...own].sort(
      (a, b) => a.since.localeCompare(b.since) || a.key.localeCompare(b.key),
    )
  }

  private changed(): void {
    for (const l of [...this.listeners]) l()
  }
}

function deviceId(l: WallLink): string | null {
  return l.who.access === 'read-only' ? (l.who.device?.id ?? null) : null
}
