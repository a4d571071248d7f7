// Thin Electron adapters for a wall in --kiosk: the window follows its display (to the primary when it is
// unplugged, back when it returns), the display is kept awake, the memory watchdog samples the renderer
// and reloads it (back on the same board: the page keeps its URL), and the answer watch asks the renderer
// to answer on a timer, handing a silent one to crash recovery. Electron parts are passed in, so unit
// tests drive them with test/fakes/electron.ts.
import type { Clock } from '../../core/clock'
import type { DisplayLike, Rect } from '../window-state'
import { AnswerWatch, DEFAULT_ANSWER_WATCH, kioskDisplay, MemoryWatchdog } from './logic'
import type { AnswerWatchOptions, MemoryWatchdogOptions, NoticeGate } from './logic'

export interface ScreenLike {
  getAllDisplays(): DisplayLike[]
  getPrimaryDisplay(): DisplayLike
  on(event: 'display-added' | 'display-removed' | 'display-metrics-changed', listener: () => void): unknown
  removeListener(event: string, listener: () => void): unknown
}

export interface KioskWindow {
  setBounds(bounds: Rect): void
  isDestroyed(): boolean
}

/** Keeps `win` on display `wantedId` while attached, on the primary meanwhile. */
export function followDisplay(
  win: KioskWindow,
  screen: ScreenLike,
  wantedId: number | null,
  log: (message: string) => void,
): () => void {
  let shownOn: number | null = null
  const place = () => {
    if (win.isDestroyed()) return
    const { display, home } = kioskDisplay(wantedId, screen.getAllDisplays(), screen.getPrimaryDisplay())
    if (display.id !== shownOn) {
      log(home ? `kiosk on display ${display.id}` : `display ${wantedId} is gone: kiosk on the primary`)
    }
    shownOn = display.id
    // Whole display, not the work area: a kiosk covers the task bar too.
    win.setBounds({ ...((display as { bounds?: Rect }).bounds ?? display.workArea) })
  }
  place()
  const events = ['display-added', 'display-removed', 'display-metrics-changed'] as const
  for (const e of events) screen.on(e, place)
  return () => {
    for (const e of events) screen.removeListener(e, place)
  }
}

export interface PowerSaveBlockerLike {
  start(type: 'prevent-display-sleep' | 'prevent-app-suspension'): number
  stop(id: number): void
  isStarted(id: number): boolean
}

/** A wall must not blank its screen or sleep: held until the returned function is called. */
export function keepAwake(blocker: PowerSaveBlockerLike): () => void {
  const id = blocker.start('prevent-display-sleep')
  return () => {
    if (blocker.isStarted(id)) blocker.stop(id)
  }
}

export interface WatchedRenderer {
  isDestroyed(): boolean
  reload(): void
  on(event: 'did-finish-load', listener: () => void): unknown
  once(event: 'did-finish-load', listener: () => void): unknown
}

export interface MemoryWatchDeps {
  clock: Clock
  /** The renderer's working set in KB (app.getAppMetrics() for its pid), null when unknown. */
  memoryKb(): number | null
  log(message: string): void
  notice(message: string): void
  everyMs?: number
  options?: MemoryWatchdogOptions
  /** Shared with crash recovery: one notice per incident, whichever watchdog acted. */
  notices?: NoticeGate
}

export const MEMORY_NOTICE = 'The wall display was reloaded to free memory; it is back on the same board.'

/** Samples the renderer every minute; reloads it when the watchdog says so, telling the user once. */
export function watchMemory(wc: WatchedRenderer, d: MemoryWatchDeps): () => void {
  const dog = new MemoryWatchdog(d.options, d.notices)
  wc.on('did-finish-load', () => dog.reset())
  const timer = d.clock.setInterval(() => {
    if (wc.isDestroyed()) return
    const kb = d.memoryKb()
    if (kb === null) return
    const verdict = dog.sample(kb, d.clock.now())
    if (verdict.action !== 'reload') return
    d.log(`watchdog: ${verdict.reason}; reloading`)
    if (verdict.notify) {
      wc.once('did-finish-load', () => d.notice(MEMORY_NOTICE))
    }
    wc.reload()
  }, d.everyMs ?? 60_000)
  return () => d.clock.clearInterval(timer)
}

export interface AskedRenderer {
  isDestroyed(): boolean
  isLoading(): boolean
  /** A question the page's main thread must answer: it cannot while it is stuck. */
  executeJavaScript(code: string): Promise<unknown>
  on(event: 'did-finish-load' | 'render-process-gone', listener: () => void): unknown
}

export interface AnswerWatchDeps {
  clock: Clock
  log(message: string): void
  /** The renderer fell silent (crash recovery's grace period starts) … */
  silent(why: string): void
  /** … or answered again (it ends). */
  answered(): void
  options?: AnswerWatchOptions
}

/**
 * Asks the renderer to answer on a timer. Chromium reports 'unresponsive' only when input waits for the
 * page, which never happens on a wall nobody touches, so a wall whose page is stuck would stay frozen.
 */
export function watchAnswers(wc: AskedRenderer, d: AnswerWatchDeps): () => void {
  const options = d.options ?? DEFAULT_ANSWER_WATCH
  const watch = new AnswerWatch(options)
  const fresh = () => watch.reset()
  wc.on('did-finish-load', fresh)
  wc.on('render-process-gone', fresh)
  const reply = (askedAt: number) => () => {
    if (watch.answered(askedAt) !== 'recovered') return
    d.log('renderer answers again')
    d.answered()
  }
  const timer = d.clock.setInterval(() => {
    if (wc.isDestroyed()) return
    const now = d.clock.now()
    const step = watch.tick(now, wc.isLoading())
    if (step === 'silent') d.silent(`has not answered for ${Math.round(silentFor(watch, now) / 1000)} s`)
    if (step !== 'ask') return
    // A page that refuses the script (an error) still answered: only silence counts.
    void wc.executeJavaScript('0').then(reply(now), reply(now))
  }, options.everyMs)
  return () => d.clock.clearInterval(timer)
}

function silentFor(watch: AnswerWatch, now: number): number {
  return watch.pendingSince === null ? 0 : now - watch.pendingSince
}
