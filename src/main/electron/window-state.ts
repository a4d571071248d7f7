// Where a window opens: on the display the user asked for (--display), else where it was last (same
// display, same bounds) while that display is attached, else centred on the primary display. Bounds are
// always brought inside the chosen display's work area, so a window never opens off screen after a
// monitor was unplugged or its resolution changed.
import type { Clock, TimerHandle } from '../core/clock'
import type { WindowState } from './settings-schema'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}
export interface DisplayLike {
  id: number
  workArea: Rect
}

export const DEFAULT_SIZE = { width: 1440, height: 900 }

/** Displays ordered as a person numbers them: left to right, then top to bottom. */
export function orderedDisplays(displays: readonly DisplayLike[]): DisplayLike[] {
  return [...displays].sort((a, b) => a.workArea.x - b.workArea.x || a.workArea.y - b.workArea.y)
}

/** `--display N`: the N-th display (1-based), or the display whose id is N. */
export function findDisplay(displays: readonly DisplayLike[], wanted: number): DisplayLike | undefined {
  return orderedDisplays(displays)[wanted - 1] ?? displays.find((d) => d.id === wanted)
}

function fit(size: { width: number; height: number }, area: Rect, at?: { x: number; y: number }): Rect {
  const width = Math.min(size.width, area.width)
  const height = Math.min(size.height, area.height)
  const cx = area.x + Math.round((area.width - width) / 2)
  const cy = area.y + Math.round((area.height - height) / 2)
  const clamp = (v: number, lo: number, span: number) => Math.max(lo, Math.min(v, lo + span))
  return {
    x: at ? clamp(at.x, area.x, area.width - width) : cx,
    y: at ? clamp(at.y, area.y, area.height - height) : cy,
    width,
    height,
  }
}

export function placeWindow(
  saved: WindowState | null,
  displays: readonly DisplayLike[],
  primary: DisplayLike,
  requested: number | null,
): WindowState {
  const asked = requested === null ? undefined : findDisplay(displays, requested)
  const home = saved?.displayId == null ? undefined : displays.find((d) => d.id === saved.displayId)
  const display = asked ?? home ?? primary
  const size = saved ?? DEFAULT_SIZE
  // Saved coordinates only mean something on the display they were saved on.
  const keepPosition = saved !== null && display === home
  const bounds = fit(size, display.workArea, keepPosition ? saved : undefined)
  return {
    ...bounds,
    displayId: display.id,
    maximized: saved?.maximized ?? false,
    fullScreen: saved?.fullScreen ?? false,
  }
}

export interface TrackedWindow {
  on(event: string, listener: () => void): unknown
  getNormalBounds(): Rect
  isMaximized(): boolean
  isFullScreen(): boolean
  isDestroyed(): boolean
}

/** Saves the window's state once it settles after a move or resize, and at once when it closes. */
export function trackWindowState(
  win: TrackedWindow,
  displayOf: (bounds: Rect) => DisplayLike,
  save: (state: WindowState) => void,
  clock: Clock,
  debounceMs = 400,
): void {
  let timer: TimerHandle | undefined
  const capture = () => {
    clock.clearTimeout(timer)
    timer = undefined
    if (win.isDestroyed()) return
    const bounds = win.getNormalBounds()
    const state = { ...bounds, displayId: displayOf(bounds).id }
    save({ ...state, maximized: win.isMaximized(), fullScreen: win.isFullScreen() })
  }
  const later = () => {
    clock.clearTimeout(timer)
    timer = clock.setTimeout(capture, debounceMs)
  }
  for (const event of ['resize', 'move', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen'])
    win.on(event, later)
  win.on('close', capture)
}
