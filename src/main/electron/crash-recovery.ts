// A window whose renderer died or hung is reloaded, which restores the same console on the same page (its
// URL, so a wall comes back on its board; its relay view sends a fresh snapshot frame, which is not news:
// no alert is raised again), and the user is told with a notice. Crashes in a row back off: immediate,
// then 1 s, 2 s, 4 s … up to a minute, so a renderer that dies on load does not spin the CPU. A hang gets a
// grace period first (a long task may finish by itself); one still hung after it is ended and reloaded.
// Notices pass a gate shared with the kiosk's other watchdogs: one per incident, not one per reload.
import type { Clock, TimerHandle } from '../core/clock'
import { NoticeGate } from './kiosk/logic'

export interface RecoverableWindow {
  webContents: {
    on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string }) => void): unknown
    on(event: 'unresponsive' | 'responsive', listener: () => void): unknown
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
  /** Which recoveries are announced (default: every one). */
  notices?: NoticeGate
}

export interface CrashRecovery {
  crashes(): number
  /** The renderer stopped answering (Chromium's 'unresponsive', or a question the kiosk asked). */
  hung(why: string): void
  /** It answers again: the grace period ends without a restart. */
  responsive(): void
}

export const RESTORED_NOTICE =
  'The console stopped responding and was restored. Nothing was lost: the floor is live again.'

export function backoffDelay(crashesInARow: number, maxDelayMs = 60_000): number {
  return crashesInARow <= 1 ? 0 : Math.min(maxDelayMs, 1000 * 2 ** (crashesInARow - 2))
}

export function watchCrashes(win: RecoverableWindow, o: CrashRecoveryOptions): CrashRecovery {
  const wc = win.webContents
  const notices = o.notices ?? new NoticeGate(0)
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
    o.clock.clearTimeout(hung)
    o.clock.clearTimeout(pending)
    pending = o.clock.setTimeout(() => {
      if (wc.isDestroyed()) return
      if (notices.allow(o.clock.now())) wc.once('did-finish-load', () => o.notice(RESTORED_NOTICE))
      wc.reload()
    }, delay)
  }
  const onHung = (why: string) => {
    if (hung !== undefined) return
    o.log(`renderer ${why}; restarting it unless it answers within ${o.unresponsiveMs ?? 10_000} ms`)
    hung = o.clock.setTimeout(() => {
      hung = undefined
      if (!wc.isDestroyed()) wc.forcefullyCrashRenderer()
    }, o.unresponsiveMs ?? 10_000)
  }
  const onResponsive = () => {
    o.clock.clearTimeout(hung)
    hung = undefined
  }
  wc.on('render-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit') recover(`gone (${details.reason})`)
  })
  wc.on('unresponsive', () => onHung('is unresponsive'))
  wc.on('responsive', onResponsive)
  return { crashes: () => inARow, hung: onHung, responsive: onResponsive }
}
