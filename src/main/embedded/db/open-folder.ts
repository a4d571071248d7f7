// Claiming a data folder before Postgres touches it. Order matters: look without writing (a foreign or
// damaged folder gets nothing, not even a lock file), then lock, then look again (another backend may have
// initialised the folder meanwhile), then check the disk and the pages of an existing database.
import {
  checkRoomToOpen,
  createDataFolder,
  inspectDataFolder,
  verifyPages,
  type FolderKind,
} from './data-folder'
import { lockDataFolder, type DataLock } from './data-lock'

export interface Claim {
  kind: FolderKind
  lock: DataLock
}

export async function claimFolder(dir: string, reserve: number): Promise<Claim> {
  if ((await inspectDataFolder(dir)) === 'new') await createDataFolder(dir)
  const lock = lockDataFolder(dir)
  try {
    const kind = await inspectDataFolder(dir)
    await checkRoomToOpen(dir, reserve)
    if (kind === 'database') await verifyPages(dir)
    return { kind, lock }
  } catch (err) {
    lock.release()
    throw err
  }
}
