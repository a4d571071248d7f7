// The one module that turns the api's events into store actions. Floor batches are coalesced per
// animation frame: at a thousand changes a second the store changes (and React renders) once a frame.
// Framed batches (a snapshot, a resync) are held until their frame is complete, so the store never holds
// half a floor and never mistakes replayed state for news.
import type { RendererApi, Result } from '../../shared/contract'
import { FrameAssembler, type DeltaBatch } from '../../shared/domain/delta'
import type { FloorwatchStore } from './store'

export interface Scheduler {
  /** Runs `fn` before the next paint (requestAnimationFrame in a window). */
  frame(fn: () => void): void
  now(): number
}

export const windowScheduler: Scheduler = {
  frame: (fn) => {
    // A hidden window gets no frames; a timeout keeps its store current for when it is shown again.
    if (document.visibilityState === 'hidden') setTimeout(fn, 250)
    else requestAnimationFrame(fn)
  },
  now: () => Date.now(),
}

async function load<T>(call: Promise<Result<T>>, onData: (data: T) => void, onError: (m: string) => void) {
  try {
    const r = await call
    if (r.ok) onData(r.data)
    else onError(r.error.message)
  } catch (err) {
    onError(err instanceof Error ? err.message : String(err))
  }
}

export function connectStore(
  api: RendererApi,
  store: FloorwatchStore,
  scheduler: Scheduler = windowScheduler,
): () => void {
  const s = () => store.getState()
  let pending: DeltaBatch[] = []
  let scheduled = false
  const frames = new FrameAssembler()
  const flush = () => {
    scheduled = false
    const batches = pending
    pending = []
    s().applyBatches(batches, scheduler.now())
  }
  const offs = [
    api.onBatch((received) => {
      const batch = frames.push(received)
      if (!batch) return
      pending.push(batch)
      if (!scheduled) {
        scheduled = true
        scheduler.frame(flush)
      }
    }),
    api.onHealth((h) => s().setHealth(h, scheduler.now())),
    api.onPresence((w) => s().setWatchers(w)),
    api.onSession((x) => {
      s().setSession(x)
      // A new session may be on another project (Settings → Connect, a backend that moved).
      void load(
        api.getInfo(),
        (i) => s().setInfo(i),
        () => undefined,
      )
      void load(
        api.getSettings(),
        (c) => s().setConnectionSettings(c),
        () => undefined,
      )
    }),
    api.onNotice((n) => s().toast(n.level, n.message)),
    api.onOutbox((pending) => s().setOutbox(pending)),
    api.onAnnouncement((a) => s().announce(a, scheduler.now())),
    api.onAccessRefused((r) => s().setRefused(r)),
    api.onWallCommand(({ command, name }) => {
      if (command === 'identify') s().identify(name, scheduler.now())
      else window.location.reload()
    }),
    // A click on an alert's OS notification (Electron): show that alert.
    api.onOpenAlert(({ alertId }) => {
      s().setView('alerts')
      s().selectAlert(alertId)
    }),
  ]
  const bootError = (m: string) => s().setBootError(m)
  void load(api.getInfo(), (i) => s().setInfo(i), bootError)
  void load(
    api.getSession(),
    (x) => s().setSession(x),
    () => undefined,
  )
  void load(
    api.getHealth(),
    (h) => s().setHealth(h, scheduler.now()),
    () => undefined,
  )
  void load(
    api.getSettings(),
    (x) => s().setConnectionSettings(x),
    () => undefined,
  )
  void load(
    api.getOutbox(),
    (pending) => s().setOutbox(pending),
    () => undefined,
  )
  return () => {
    for (const off of offs) off()
  }
}
