// The database contract on the embedded database: PGlite, the shims, the migrations as the project's owner.
// Requests run as the embedded REST runs them: as the role, with its claims and settings, under its statement
// timeout (enforced once the statement ends: PGlite cannot cancel one).
import { describe } from 'vitest'
import { Database } from '../../src/main/embedded/db/database'
import { withinStatementTimeout } from '../../src/main/embedded/db/statement-timeout'
import { databaseContract, type Claims, type Row } from './database-contract'

describe('embedded database (PGlite)', () => {
  databaseContract(async () => {
    const db = await Database.open()
    return {
      admin: (sql, params = []) => db.query<Row>(sql, params).then((r) => r.rows),
      as: (claims: Claims, sql, params = [], settings = {}) =>
        db.asRole(
          claims,
          (tx) => withinStatementTimeout(tx, () => tx.query<Row>(sql, params).then((r) => r.rows)),
          settings,
        ),
      close: () => db.close(),
    }
  })
})
