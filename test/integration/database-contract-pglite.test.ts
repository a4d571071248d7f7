// The database contract on the embedded database: PGlite, the shims, the migrations as the project's owner.
import { describe } from 'vitest'
import { Database } from '../../src/main/embedded/db/database'
import { databaseContract, type Claims, type Row } from './database-contract'

describe('embedded database (PGlite)', () => {
  databaseContract(async () => {
    const db = await Database.open()
    return {
      admin: (sql, params = []) => db.query<Row>(sql, params).then((r) => r.rows),
      as: (claims: Claims, sql, params = [], settings = {}) =>
        db.asRole(claims, (tx) => tx.query<Row>(sql, params).then((r) => r.rows), settings),
      close: () => db.close(),
    }
  })
})
