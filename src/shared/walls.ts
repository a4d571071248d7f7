// Browser wall displays of the headless console: their device tokens (named, listed and revoked in
// Settings), what a wall is told when its token is refused, the commands a supervisor sends one wall, and
// the announcements every wall shows for their duration.
import * as v from 'valibot'

export interface WallDevice {
  id: string
  name: string
  createdAt: string
  /** Set once revoked: the token is refused from then on, and its walls are disconnected at once. */
  revokedAt: string | null
  lastSeenAt: string | null
  /** Walls showing this device's board right now (browser tabs using its token). */
  connected: number
}

/** A new device and its token, shown once: only a hash of it is kept. */
export interface IssuedWallToken {
  device: WallDevice
  token: string
}

export const WALL_COMMANDS = ['identify', 'reload'] as const
export type WallCommand = (typeof WALL_COMMANDS)[number]

/** Why a display may not show the floor; said on its screen in words. */
export interface AccessRefusal {
  reason: 'missing' | 'wrong' | 'revoked'
  message: string
}

/** A supervisor's message to every wall of the org, shown as a banner until `until`. */
export interface Announcement {
  id: string
  text: string
  from: string | null
  sentAt: string
  until: string
}

export const MAX_WALL_NAME = 60
export const MAX_ANNOUNCEMENT = 280
export const MAX_ANNOUNCEMENT_MINUTES = 240

const obj = <E extends v.ObjectEntries>(what: string, entries: E) =>
  v.pipe(
    v.custom<Record<string, unknown>>(
      (x) => typeof x === 'object' && x !== null && !Array.isArray(x),
      `${what}: expected an object`,
    ),
    v.strictObject(entries, (issue) =>
      issue.expected === 'never'
        ? `${what}: unexpected field ${String(issue.path?.[0]?.key)}`
        : `${what}: ${String(issue.path?.[0]?.key)} is missing`,
    ),
  )

const name = v.pipe(
  v.string('wall display: name must be text'),
  v.trim(),
  v.minLength(1, 'wall display: give it a name (where it hangs, e.g. "Sales floor, north wall")'),
  v.maxLength(MAX_WALL_NAME, `wall display: name must be at most ${MAX_WALL_NAME} characters`),
)
const id = v.pipe(v.string('wall display: id must be a UUID'), v.uuid('wall display: id must be a UUID'))

export const WallNameSchema = obj('wall display', { name })
export const WallIdSchema = obj('wall display', { id })
export const WallCommandSchema = obj('wall display', {
  id,
  command: v.picklist(WALL_COMMANDS, `wall display: command must be one of ${WALL_COMMANDS.join(', ')}`),
})

export const AnnounceSchema = obj('announcement', {
  text: v.pipe(
    v.string('announcement: text must be text'),
    v.trim(),
    v.minLength(1, 'announcement: write a message'),
    v.maxLength(MAX_ANNOUNCEMENT, `announcement: at most ${MAX_ANNOUNCEMENT} characters`),
  ),
  minutes: v.pipe(
    v.number('announcement: minutes must be a number'),
    v.integer('announcement: minutes must be a whole number'),
    v.minValue(1, 'announcement: show it for at least 1 minute'),
    v.maxValue(MAX_ANNOUNCEMENT_MINUTES, `announcement: at most ${MAX_ANNOUNCEMENT_MINUTES} minutes`),
  ),
})

export type AnnounceRequest = v.InferOutput<typeof AnnounceSchema>

/** An announcement as it arrives on the org channel: anything else is dropped, never shown half-read. */
export function parseAnnouncement(payload: unknown): Announcement | null {
  if (typeof payload !== 'object' || payload === null) return null
  const p = payload as Record<string, unknown>
  const str = (x: unknown) => (typeof x === 'string' ? x : null)
  const [idv, text, sentAt, until] = [str(p.id), str(p.text), str(p.sent_at), str(p.until)]
  if (!idv || !text || !sentAt || !until || Number.isNaN(Date.parse(until))) return null
  return { id: idv, text: text.slice(0, MAX_ANNOUNCEMENT), from: str(p.from), sentAt, until }
}
