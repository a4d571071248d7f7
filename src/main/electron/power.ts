// OS power and network events feed the core's reconnection probe: after resume or unlock the socket is
// probably dead although nothing has said so yet, and a network change is worth a probe too. Electron's
// main process has no online/offline event, so `net.isOnline()` is polled.
import type { Clock } from '../core/clock'
import type { FloorConsole } from '../core/console-types'

export interface PowerMonitorLike {
  on(event: 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen', listener: () => void): unknown
  removeListener(event: string, listener: () => void): unknown
}

export interface PowerDeps {
  powerMonitor: PowerMonitorLike
  isOnline(): boolean
  engine: Pick<FloorConsole, 'wake' | 'setNetworkOnline'>
  clock: Clock
  log(message: string): void
  pollMs?: number
}

export function wirePower(d: PowerDeps): () => void {
  const handlers: Record<string, () => void> = {
    suspend: () => d.log('system suspending'),
    resume: () => d.engine.wake('resume'),
    'lock-screen': () => d.log('screen locked'),
    'unlock-screen': () => d.engine.wake('unlock'),
  }
  for (const [event, fn] of Object.entries(handlers)) d.powerMonitor.on(event as 'resume', fn)
  let online = d.isOnline()
  d.engine.setNetworkOnline(online)
  const timer = d.clock.setInterval(() => {
    const now = d.isOnline()
    if (now === online) return
    online = now
    d.log(`network ${online ? 'online' : 'offline'}`)
    d.engine.setNetworkOnline(online)
    if (online) d.engine.wake('online')
  }, d.pollMs ?? 2000)
  return () => {
    d.clock.clearInterval(timer)
    for (const [event, fn] of Object.entries(handlers)) d.powerMonitor.removeListener(event, fn)
  }
}
