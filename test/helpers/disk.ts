// A small disk of the test's own, to fill: a tmpfs mounted on a temporary folder (root only; elsewhere the
// caller skips with the reason). Unmounted and removed through `onCleanup`.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function smallDisk(
  onCleanup: (fn: () => void) => void,
  size = '160m',
): { dir: string } | { skip: string } {
  const dir = mkdtempSync(join(tmpdir(), 'floorwatch-disk-'))
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir], {
    encoding: 'utf8',
  })
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true })
    return {
      skip: `cannot mount a small tmpfs to fill (needs root): ${(r.stderr || r.error?.message) ?? ''}`,
    }
  }
  onCleanup(() => {
    spawnSync('umount', [dir])
    rmSync(dir, { recursive: true, force: true })
  })
  return { dir }
}

/** Fills the disk until `leave` bytes are free. */
export function fill(dir: string, leave: number): void {
  const s = statfsSync(dir)
  const free = Number(s.bavail) * Number(s.bsize)
  writeFileSync(join(dir, 'filler'), Buffer.alloc(Math.max(0, free - leave)))
}
