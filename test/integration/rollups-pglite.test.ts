// The intraday rollups on the embedded database (PGlite), as the embedded REST runs requests.
import { describe } from 'vitest'
import { Database } from '../../src/main/embedded/db/database'
import { rollupsContract } from './rollups-contract'
import type { Claims, Row } from './database-contract-fixture'

describe('embedded database (PGlite)', () => {
  rollupsContract(async () => {
    const db = await Database.open()
    return {
      admin: (sql, params = []) => db.query<Row>(sql, params).then((r) => r.rows),
      as: (claims: Claims, sql, params = [], settings = {}) =>
        db.asRole(claims, (tx) => tx.query<Row>(sql, params).then((r) => r.rows), settings),
      close: () => db.close(),
    }
  })
})
