// The database contract on Debian's PostgreSQL 15, prepared like a hosted project (postgres15-project.ts).
import { databaseContract } from './database-contract'
import { describePostgres15, hostedProject } from './postgres15-project'

describePostgres15(() => databaseContract(hostedProject))
