// The intraday rollups on Debian's PostgreSQL 15, prepared like a hosted project (postgres15-project.ts).
import { describePostgres15, hostedProject } from './postgres15-project'
import { rollupsContract } from './rollups-contract'

describePostgres15(() => rollupsContract(hostedProject))
