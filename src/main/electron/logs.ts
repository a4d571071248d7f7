// A log file in the user-data folder that rotates by size: main.log, then main.1.log … main.N.log, the
// oldest dropped. Writes are synchronous appends: the console logs a few lines a minute, and a line
// written before a crash is worth more than the microseconds it costs.
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { EngineLog } from '../core/console-types'

export interface RotatingLogOptions {
  dir: string
  name?: string
  /** Rotate once the current file would grow past this. */
  maxBytes?: number
  /** Rotated files kept besides the current one. */
  keep?: number
  now?: () => number
  /** Also write to stderr (development). */
  echo?: boolean
}

export interface RotatingLog extends EngineLog {
  readonly dir: string
  readonly path: string
}

function describe(e: unknown): string {
  if (e instanceof Error) return ` ${e.stack ?? e.message}`
  return e === undefined ? '' : ` ${String(e)}`
}

export function createRotatingLog(o: RotatingLogOptions): RotatingLog {
  const name = o.name ?? 'main'
  const maxBytes = o.maxBytes ?? 1024 * 1024
  const keep = o.keep ?? 5
  const now = o.now ?? Date.now
  const path = join(o.dir, `${name}.log`)
  const rotated = (i: number) => join(o.dir, `${name}.${i}.log`)
  mkdirSync(o.dir, { recursive: true })
  let size = existsSync(path) ? statSync(path).size : 0

  const rotate = () => {
    rmSync(rotated(keep), { force: true })
    for (let i = keep - 1; i >= 1; i--) if (existsSync(rotated(i))) renameSync(rotated(i), rotated(i + 1))
    if (keep > 0) renameSync(path, rotated(1))
    else rmSync(path, { force: true })
    size = 0
  }
  const write = (level: string, message: string) => {
    const line = `${new Date(now()).toISOString()} ${level} ${message}\n`
    const bytes = Buffer.byteLength(line)
    if (size > 0 && size + bytes > maxBytes) rotate()
    try {
      appendFileSync(path, line)
      size += bytes
    } catch {
      // A full disk or a removed folder must not take the console down with it.
    }
    if (o.echo) process.stderr.write(line)
  }
  return {
    dir: o.dir,
    path,
    info: (m) => write('INFO', m),
    warn: (m) => write('WARN', m),
    error: (m, e) => write('ERROR', m + describe(e)),
  }
}
