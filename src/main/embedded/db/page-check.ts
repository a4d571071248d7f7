// Offline verification of a data folder's relation pages, before Postgres is started on it: a damaged
// page must stop the backend with the folder's path while the folder is still exactly as it was (starting
// Postgres first would replay WAL, rewrite catalogs and apply migrations to a folder we are about to refuse).
// Every page carries Postgres's data checksum (PGlite's clusters are initialised with checksums on); this
// is its published algorithm (storage/checksum_impl.h), a 32-lane FNV-1a variant, written out here.
import { open, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

const BLCKSZ = 8192
const RELSEG_BLOCKS = 131_072
const CHUNK_PAGES = 128
const N_SUMS = 32
const FNV_PRIME = 16_777_619
const BASE_OFFSETS = new Uint32Array([
  0x5b1f36e9, 0xb8525960, 0x02ab50aa, 0x1de66d2a, 0x79ff467a, 0x9bb9f8a3, 0x217e7cd2, 0x83e13d2c, 0xf8d4474f,
  0xe39eb970, 0x42c6ae16, 0x993216fa, 0x7b093b5d, 0x98daff3c, 0xf718902a, 0x0b1c9cdb, 0xe58f764b, 0x187636bc,
  0x5d7b3bb1, 0xe73de7de, 0x92bec979, 0xcca6c0b2, 0x304a0979, 0x85aa43d4, 0x783125bb, 0x6ca8eaa2, 0xe407eac6,
  0x4b5cfc3e, 0x9fbf8c76, 0x15ca20be, 0xf2ca9fd3, 0x959bd756,
])
/** `<relfilenode>[_fsm|_vm|_init][.<segment>]`: every file that holds relation pages. */
const RELATION_FILE = /^(\d+)(?:_(?:fsm|vm|init))?(?:\.(\d+))?$/

/** Postgres's pg_checksum_page for one 8 KB page at block number `blkno`. */
export function pageChecksum(page: Buffer, blkno: number): number {
  const words = new Uint32Array(page.buffer, page.byteOffset, BLCKSZ / 4)
  const sums = new Uint32Array(BASE_OFFSETS)
  for (let row = 0; row < BLCKSZ / 4 / N_SUMS; row++) {
    for (let lane = 0; lane < N_SUMS; lane++) {
      const i = row * N_SUMS + lane
      // pd_checksum (bytes 8–9, the low half of word 2 on a little-endian page) counts as zero.
      mix(sums, lane, i === 2 ? words[2]! & 0xffff0000 : words[i]!)
    }
  }
  for (let round = 0; round < 2; round++) for (let lane = 0; lane < N_SUMS; lane++) mix(sums, lane, 0)
  let result = 0
  for (const s of sums) result = (result ^ s) >>> 0
  return (((result ^ blkno) >>> 0) % 65535) + 1
}

function mix(sums: Uint32Array, lane: number, value: number): void {
  const tmp = (sums[lane]! ^ value) >>> 0
  sums[lane] = (Math.imul(tmp, FNV_PRIME) ^ (tmp >>> 17)) >>> 0
}

export interface PageDamage {
  /** Relative to the data folder, e.g. `base/5/16594`. */
  file: string
  block: number
}

/**
 * The first page whose checksum does not match, or null. Pages newer than the last checkpoint are skipped
 * when the cluster was not shut down cleanly: WAL replay restores them from full-page images.
 */
export async function findDamagedPage(dataDir: string): Promise<PageDamage | null> {
  const redo = await unreplayedFrom(dataDir)
  // Own ArrayBuffer at offset 0, so every page can be viewed as aligned 32-bit words.
  const chunk = Buffer.from(new ArrayBuffer(CHUNK_PAGES * BLCKSZ))
  for (const file of await relationFiles(dataDir)) {
    const damage = await checkFile(dataDir, file, redo, chunk)
    if (damage) return damage
  }
  return null
}

async function relationFiles(dataDir: string): Promise<string[]> {
  const dirs = ['global']
  for (const db of await readdir(join(dataDir, 'base')).catch(() => [])) dirs.push(join('base', db))
  const files: string[] = []
  for (const dir of dirs) {
    for (const name of (await readdir(join(dataDir, dir)).catch(() => [])).sort()) {
      if (RELATION_FILE.test(name)) files.push(join(dir, name))
    }
  }
  return files
}

async function checkFile(
  dataDir: string,
  file: string,
  redo: bigint | null,
  chunk: Buffer,
): Promise<PageDamage | null> {
  const segment = Number(RELATION_FILE.exec(file.split('/').pop()!)?.[2] ?? 0)
  const handle = await open(join(dataDir, file), 'r')
  try {
    for (let first = 0; ; first += CHUNK_PAGES) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, first * BLCKSZ)
      // A short last page is an interrupted extension; Postgres ignores it too.
      const pages = Math.floor(bytesRead / BLCKSZ)
      for (let i = 0; i < pages; i++) {
        const page = chunk.subarray(i * BLCKSZ, (i + 1) * BLCKSZ)
        const block = first + i
        if (!pageIsValid(page, segment * RELSEG_BLOCKS + block, redo)) return { file, block }
      }
      if (bytesRead < chunk.length) return null
    }
  } finally {
    await handle.close()
  }
}

function pageIsValid(page: Buffer, blkno: number, redo: bigint | null): boolean {
  const upper = page.readUInt16LE(14)
  // A new page (never initialised) is all zeros and has no checksum.
  if (upper === 0) return page.every((b) => b === 0)
  if (redo !== null) {
    const lsn = (BigInt(page.readUInt32LE(0)) << 32n) | BigInt(page.readUInt32LE(4))
    if (lsn >= redo) return true
  }
  return page.readUInt16LE(8) === pageChecksum(page, blkno)
}

/** The redo point when the cluster needs WAL replay (it was not shut down cleanly), else null. */
async function unreplayedFrom(dataDir: string): Promise<bigint | null> {
  let control: Buffer
  try {
    control = await readFile(join(dataDir, 'global', 'pg_control'))
  } catch {
    return null
  }
  const DB_SHUTDOWNED = 1
  if (control.length < 48 || control.readInt32LE(16) === DB_SHUTDOWNED) return null
  return control.readBigUInt64LE(40)
}
