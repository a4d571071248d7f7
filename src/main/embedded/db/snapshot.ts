// A cached image of an initialised database, keyed by everything that shapes it, so a new backend (every
// test, every demo start) loads a ready cluster in well under a second instead of running initdb and the
// migrations again.
import { createHash } from 'node:crypto'
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CACHE_DIR, ROOT, MIGRATIONS_DIR as MIGRATIONS, SQL_DIR as HERE } from '../paths'

async function imageKey(): Promise<string> {
  const hash = createHash('sha256')
  for (const f of ['shims.sql', 'capture.sql']) hash.update(await readFile(join(HERE, f)))
  for (const f of (await readdir(MIGRATIONS)).filter((x) => x.endsWith('.sql')).sort()) {
    hash.update(f)
    hash.update(await readFile(join(MIGRATIONS, f)))
  }
  const pglite = JSON.parse(
    await readFile(join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'),
  ) as {
    version: string
  }
  hash.update(pglite.version)
  return hash.digest('hex').slice(0, 16)
}

export async function loadInitialisedImage(build: () => Promise<Blob>): Promise<Blob> {
  const file = join(CACHE_DIR, `initdb-${await imageKey()}.tar.gz`)
  try {
    return new Blob([await readFile(file)])
  } catch {
    // Not cached yet (or unreadable): build it, then cache it atomically for the next start.
  }
  const image = await build()
  try {
    await mkdir(CACHE_DIR, { recursive: true })
    const tmp = `${file}.${process.pid}.tmp`
    await writeFile(tmp, Buffer.from(await image.arrayBuffer()))
    await rename(tmp, file)
  } catch (err) {
    console.warn(`[embedded] could not cache the initialised database image: ${(err as Error).message}`)
  }
  return image
}
