// Last line of defence for the backend process. PGlite runs Postgres on the main thread; should it ever
// spin (it does after a PANIC such as a WAL write that hit a full disk, if the disk fills faster than the
// disk guard notices), no request, timer or signal handler runs again and SIGTERM is ignored for good.
// A worker thread watches a heartbeat the main thread bumps; when it stops for `stallMs`, the worker says
// why on stderr (with the free space on the data folder's disk, so a full disk is told apart from a bug)
// and kills the process, so that whoever supervises the backend can restart it.
// Opening the database (creating it from the initialised image, applying migrations, verifying every page's
// checksum) also holds the main thread, for seconds on a big folder and far longer on a busy machine, and
// is progress, not a hang: until `ready()` the allowance is `startupStallMs`.
import { Worker } from 'node:worker_threads'

export interface WatchdogOptions {
  stallMs: number
  /** The allowance while the backend is starting, until `ready()`; defaults to `stallMs`. */
  startupStallMs?: number
  /** The data folder, to report the free space on its disk; omitted for an in-memory backend. */
  dataDir?: string
}

const WORKER = `
import { workerData } from 'node:worker_threads'
import fs from 'node:fs'
const beat = new Int32Array(workerData.buffer)
let last = Atomics.load(beat, 0)
let since = Date.now()
setInterval(() => {
  const now = Atomics.load(beat, 0)
  if (now !== last) { last = now; since = Date.now(); return }
  const allowed = Atomics.load(beat, 1) === 1 ? workerData.stallMs : workerData.startupStallMs
  if (Date.now() - since < allowed) return
  let disk = ''
  if (workerData.dataDir) {
    try {
      const s = fs.statfsSync(workerData.dataDir)
      const free = Number(s.bavail) * Number(s.bsize)
      disk = ' ' + (free / 1048576).toFixed(1) + ' MB are free on the disk holding ' + workerData.dataDir +
        (free < 64 * 1048576 ? ': the disk is full, which is the likely cause.' : '.')
    } catch {}
  }
  // Written straight to the file descriptor: the main thread, which owns process.stderr, is stuck.
  fs.writeSync(2, '[backend] error: the backend has been unresponsive for ' + Math.round(allowed / 1000) +
    ' s' + (allowed === workerData.stallMs ? '' : ' while starting') +
    ' (its database engine is stuck) and is being stopped.' + disk + '\\n')
  process.kill(process.pid, 'SIGKILL')
}, Math.min(500, workerData.stallMs / 4))
`

export interface Watchdog {
  /** The backend is serving: from now on a stall longer than `stallMs` ends it. */
  ready(): void
  stop(): Promise<void>
}

export function startWatchdog(opts: WatchdogOptions): Watchdog {
  const buffer = new SharedArrayBuffer(8)
  const beat = new Int32Array(buffer)
  const heartbeat = setInterval(() => Atomics.add(beat, 0, 1), Math.min(250, opts.stallMs / 8))
  heartbeat.unref()
  // A data: URL is always an ES module, whatever the host process was started with.
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(WORKER)}`), {
    workerData: {
      buffer,
      stallMs: opts.stallMs,
      startupStallMs: Math.max(opts.stallMs, opts.startupStallMs ?? opts.stallMs),
      dataDir: opts.dataDir,
    },
  })
  worker.unref()
  return {
    ready: () => {
      Atomics.store(beat, 1, 1)
    },
    stop: async () => {
      clearInterval(heartbeat)
      await worker.terminate()
    },
  }
}
