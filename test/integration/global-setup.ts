// Builds the initialised-database image once, before the files run in parallel, so every backend a test
// starts loads it in well under a second.
import { Database } from '../../src/main/embedded/db/database'

export default async function setup(): Promise<void> {
  const db = await Database.open()
  await db.close()
}
