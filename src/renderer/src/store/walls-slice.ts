// What a wall display is told beyond the floor: announcements (shown until their time is up), that its
// token was refused (it then shows why instead of the floor), and a supervisor's "identify".
import type { StateCreator } from 'zustand'
import type { AccessRefusal, Announcement } from '../../../shared/walls'
import type { FloorwatchState } from './index'

/** How long "identify" flashes the wall's name. */
export const IDENTIFY_MS = 10_000
const MAX_ANNOUNCEMENTS = 3

export interface WallsSlice {
  walls: {
    refused: AccessRefusal | null
    /** Newest first; expired ones are dropped when the next arrives and ignored on screen. */
    announcements: readonly Announcement[]
    identify: { name: string; until: number } | null
  }
  setRefused(refusal: AccessRefusal | null): void
  announce(a: Announcement, now: number): void
  identify(name: string, now: number): void
}

export const createWallsSlice: StateCreator<FloorwatchState, [], [], WallsSlice> = (set) => {
  const patch = (p: Partial<WallsSlice['walls']>) => set((s) => ({ walls: { ...s.walls, ...p } }))
  return {
    walls: { refused: null, announcements: [], identify: null },
    setRefused: (refused) => patch({ refused }),
    announce: (a, now) =>
      set((s) => {
        const live = s.walls.announcements.filter((x) => x.id !== a.id && Date.parse(x.until) > now)
        return { walls: { ...s.walls, announcements: [a, ...live].slice(0, MAX_ANNOUNCEMENTS) } }
      }),
    identify: (name, now) => patch({ identify: { name, until: now + IDENTIFY_MS } }),
  }
}

/** The announcements still running at `now`, newest first. */
export function currentAnnouncements(list: readonly Announcement[], now: number): Announcement[] {
  return list.filter((a) => Date.parse(a.until) > now)
}
