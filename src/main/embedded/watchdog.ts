// Last line of defence for the backend process. PGlite runs Postgres on the main thread; should it ever
// spin (it does after a PANIC such as a WAL write that hit a full disk, if the disk fills faster than the
// disk guard notices), no request, timer or signal handler runs again and SIGTERM is ignored for good.
// A worker thread watches a heartbeat the main thread bumps; when it stops for `stallMs`, the worker says
// why on stderr (with the free space on the data folder's disk, so a full disk is told apart from a bug)
// and kills the process, so that whoever supervises the backend can restart it.
import { Worker } from 'node:worker_threads'

export interface WatchdogOptions {
  stallMs: number
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
  if (Date.now() - since < workerData.stallMs) return
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
  fs.writeSync(2, '[backend] error: the backend has been unresponsive for ' + Math.round(workerData.stallMs / 1000) +
    ' s (its database engine is stuck) and is being stopped.' + disk + '\\n')
  process.kill(process.pid, 'SIGKILL')
}, Math.min(500, workerData.stallMs / 4))
`

export function startWatchdog(opts: WatchdogOptions): { stop(): Promise<void> } {
  const buffer = new SharedArrayBuffer(4)
  const beat = new Int32Array(buffer)
  const heartbeat = setInterval(() => Atomics.add(beat, 0, 1), Math.min(250, opts.stallMs / 8))
  heartbeat.unref()
  // A data: URL is always an ES module, whatever the host process was started with.
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(WORKER)}`), {
    workerData: { buffer, stallMs: opts.stallMs, dataDir: opts.dataDir },
  })
  worker.unref()
  return {
    stop: async () => {
      clearInterval(heartbeat)
      await worker.terminate()
    },
  }
}
