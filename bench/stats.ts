// Small helpers shared by the benchmarks.
import { readFileSync } from 'node:fs'

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]!
}

export function summarise(samples: number[]): { n: number; p50: number; p99: number; max: number } {
  const s = [...samples].sort((a, b) => a - b)
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN }
}

/** Resident set size of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1]
    return kb ? Math.round((Number(kb) / 1024) * 10) / 10 : null
  } catch {
    return null
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
