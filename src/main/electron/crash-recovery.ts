// A window whose renderer died or hung is reloaded, which restores the same console (its relay view
// sends a fresh snapshot on load), and told so with a notice. Crashes in a row back off: immediate,
// then 1 s, 2 s, 4 s … up to a minute, so a renderer that dies on load does not spin the CPU.
import type { Clock, TimerHandle } from '../core/clock'

export interface RecoverableWindow {
  on(event: 'unresponsive' | 'responsive', listener: () => void): unknown
  webContents: {
    on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string }) => void): unknown
    once(event: 'did-finish-load', listener: () => void): unknown
    reload(): void
    forcefullyCrashRenderer(): void
    isDestroyed(): boolean
  }
}

export interface CrashRecoveryOptions {
  clock: Clock
  notice(message: string): void
  log(message: string): void
  /** A run of crashes ends once the view has stayed up this long. */
  stableMs?: number
  /** How long a hung renderer gets before it is restarted. */
  unresponsiveMs?: number
  maxDelayMs?: number
}

export function backoffDelay(crashesInARow: number, maxDelayMs = 60_000): number {
  return crashesInARow <= 1 ? 0 : Math.min(maxDelayMs, 1000 * 2 ** (crashesInARow - 2))
}

export function watchCrashes(win: RecoverableWindow, o: CrashRecoveryOptions): { crashes(): number } {
  let inARow = 0
  let lastCrashAt = -Infinity
  let pending: TimerHandle | undefined
  let hung: TimerHandle | undefined
  const recover = (why: string) => {
    const now = o.clock.now()
    inARow = now - lastCrashAt > (o.stableMs ?? 5 * 60_000) ? 1 : inARow + 1
    lastCrashAt = now
    const delay = backoffDelay(inARow, o.maxDelayMs)
    o.log(`renderer ${why}; reloading in ${delay} ms (crash ${inARow} in a row)`)
    o.clock.clearTimeout(pending)
    pending = o.clock.setTimeout(() => {
      if (win.webContents.isDestroyed()) return
      win.webContents.once('did-finish-load', () =>
        o.notice(
          'The console stopped responding and was restored. Nothing was lost: the floor is live again.',
        ),
      )
      win.webContents.reload()
    }, delay)
  }
  win.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit') recover(`gone (${details.reason})`)
  })
  win.on('unresponsive', () => {
    o.clock.clearTimeout(hung)
    // A long task may finish by itself; only a renderer still hung after the grace period is restarted.
    hung = o.clock.setTimeout(() => {
      if (!win.webContents.isDestroyed()) win.webContents.forcefullyCrashRenderer()
    }, o.unresponsiveMs ?? 10_000)
  })
  win.on('responsive', () => o.clock.clearTimeout(hung))
  return { crashes: () => inARow }
}
