// The demo floor: two organisations, their accounts, queues, agents, monitors, campaigns, alert rules and
// a wallboard. Ids are named by the seed, every insert is `on conflict do nothing`, and a marker
// remembers the seed used, so starting again on the same data folder changes nothing.
import type { BackendContext } from '../context'
import type { Transaction } from '../db/database'
import { createUser } from '../auth'
import { findUserByEmail } from '../auth/users'
import { CAMPAIGNS, CONTOSO, DEMO_PASSWORD, MONITORS, NORTHWIND, QUEUES, RULES } from './demo-data'
import { namedUuid } from './random'
import { seedAgents } from './seed-agents'
import { insertRows } from './sql'
import { backfillHistory } from './backfill'

export interface DemoLogin {
  email: string
  password: string
  userId: string
  orgId: string
  role: 'supervisor' | 'wallboard' | 'admin'
}
export interface DemoAccount {
  /** The supervisor of the demo organisation (Northwind). */
  email: string
  password: string
  orgId: string
  userId: string
  /** A wallboard (read-only) account in the same organisation. */
  wallboard: DemoLogin
  /** A supervisor of the second organisation (Contoso), for isolation demos. */
  other: DemoLogin
  /** An admin of the demo organisation: edits alert rules in Settings. */
  admin: DemoLogin
}

const MARKER = 'demo_seed'
const NOCONFLICT = 'on conflict do nothing'

export interface SeedOptions {
  seed: number
  /**
   * Hours of today's history to backfill when the demo floor is created (never into an existing one):
   * a floor mid-shift instead of an empty one. 0 or omitted: none.
   */
  historyHours?: number
  /** World speed the live simulator will start at, so the history matches it (default 1). */
  speed?: number
}

export async function seedDemo(ctx: BackendContext, opts: SeedOptions): Promise<DemoAccount> {
  const marker = await ctx.db.query<{ value: string }>(
    'select value from _embedded.settings where key = $1',
    [MARKER],
  )
  const seed = marker.rows[0] ? Number(JSON.parse(marker.rows[0].value).seed) : opts.seed
  const northwind = namedUuid(seed, 'org/northwind')
  const contoso = namedUuid(seed, 'org/contoso')
  const account = await ensureAccounts(ctx, seed, northwind, contoso)
  const present = await ctx.db.query('select 1 from public.orgs where id = $1', [northwind])
  if (marker.rows[0] && present.rows.length > 0) return account
  if (marker.rows[0] && seed !== opts.seed) ctx.log.info(`demo data keeps its original seed ${seed}`)

  await ctx.db.transaction(async (tx) => {
    await seedOrgs(tx, account, northwind, contoso)
    await seedNorthwind(tx, seed, northwind)
    await seedContoso(tx, seed, contoso)
    await tx.query(
      'insert into _embedded.settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value',
      [MARKER, JSON.stringify({ seed })],
    )
  })
  if (opts.historyHours) {
    const r = await backfillHistory(ctx, northwind, {
      seed,
      hours: opts.historyHours,
      now: ctx.now(),
      speed: opts.speed,
    })
    ctx.log.info(
      `demo history: ${opts.historyHours} h, ${r.concluded} calls, ${r.rows} rows (simulated in ${r.simulateMs} ms, written in ${r.writeMs} ms)`,
    )
  }
  return account
}

async function ensureUser(ctx: BackendContext, seed: number, email: string, name: string): Promise<string> {
  const found = await findUserByEmail(ctx.db, email)
  if (found) return found.id
  const id = namedUuid(seed, `user/${email}`)
  return (await createUser(ctx, { id, email, password: DEMO_PASSWORD, userMetadata: { full_name: name } })).id
}

async function ensureAccounts(
  ctx: BackendContext,
  seed: number,
  northwind: string,
  contoso: string,
): Promise<DemoAccount> {
  const login = (email: string, userId: string, orgId: string, role: DemoLogin['role']): DemoLogin => ({
    email,
    password: DEMO_PASSWORD,
    userId,
    orgId,
    role,
  })
  // In parallel: password hashing runs on libuv's thread pool.
  const [demo, wall, other, admin] = await Promise.all([
    ensureUser(ctx, seed, 'demo@floorwatch.local', 'Demo Supervisor'),
    ensureUser(ctx, seed, 'wall@floorwatch.local', 'Floor Wallboard'),
    ensureUser(ctx, seed, 'other@floorwatch.local', 'Contoso Supervisor'),
    ensureUser(ctx, seed, 'admin@floorwatch.local', 'Demo Admin'),
  ])
  return {
    email: 'demo@floorwatch.local',
    password: DEMO_PASSWORD,
    orgId: northwind,
    userId: demo,
    wallboard: login('wall@floorwatch.local', wall, northwind, 'wallboard'),
    other: login('other@floorwatch.local', other, contoso, 'supervisor'),
    admin: login('admin@floorwatch.local', admin, northwind, 'admin'),
  }
}

const QUEUE_COLUMNS = {
  id: 'uuid',
  org_id: 'uuid',
  name: 'text',
  sla_target_seconds: 'int',
  sla_target_percent: 'numeric',
  time_zone: 'text',
  daily_reset_time: 'time',
}
const MONITOR_COLUMNS = {
  id: 'uuid',
  org_id: 'uuid',
  name: 'text',
  kind: 'text',
  target: 'text',
  status: 'text',
  interval_seconds: 'int',
}
const RULE_COLUMNS = {
  id: 'uuid',
  org_id: 'uuid',
  name: 'text',
  kind: 'text',
  threshold: 'numeric',
  severity: 'text',
  params: 'jsonb',
  raise_after_seconds: 'integer',
  clear_after_seconds: 'integer',
  escalate_after_minutes: 'integer',
}

async function seedNorthwind(tx: Transaction, seed: number, orgId: string): Promise<void> {
  const id = (key: string) => namedUuid(seed, `${key}/${orgId}`)
  const queues = QUEUES.map((q) => ({
    id: id(`queue/${q.name}`),
    org_id: orgId,
    name: q.name,
    sla_target_seconds: q.slaSeconds,
    sla_target_percent: q.slaPercent,
    time_zone: q.timeZone,
    daily_reset_time: '00:00',
  }))
  await insertRows(tx, 'queues', QUEUE_COLUMNS, queues, NOCONFLICT)
  await seedAgents(
    tx,
    seed,
    orgId,
    QUEUES.map((q) => ({ team: q.name, count: q.agents })),
  )
  const monitors = MONITORS.map((m) => ({
    id: id(`monitor/${m.name}`),
    org_id: orgId,
    name: m.name,
    kind: m.kind,
    target: m.target,
    status: 'up',
    interval_seconds: m.intervalSeconds,
  }))
  await insertRows(tx, 'monitors', MONITOR_COLUMNS, monitors, NOCONFLICT)
  await seedSetup(tx, orgId, id)
}

async function seedContoso(tx: Transaction, seed: number, orgId: string): Promise<void> {
  const id = (key: string) => namedUuid(seed, `${key}/${orgId}`)
  const queue = {
    id: id('queue/Support'),
    org_id: orgId,
    name: 'Support',
    sla_target_seconds: 30,
    sla_target_percent: 80,
    time_zone: 'Europe/Berlin',
    daily_reset_time: '00:00',
  }
  await insertRows(tx, 'queues', QUEUE_COLUMNS, [queue], NOCONFLICT)
  await seedAgents(tx, seed, orgId, [{ team: 'Support', count: 6 }])
  const monitor = {
    id: id('monitor/Helpdesk API'),
    org_id: orgId,
    name: 'Helpdesk API',
    kind: 'http',
    target: 'https://helpdesk.contoso.example/health',
    status: 'up',
    interval_seconds: 30,
  }
  await insertRows(tx, 'monitors', MONITOR_COLUMNS, [monitor], NOCONFLICT)
  const rule = RULES.find((r) => r.kind === 'monitor_down')!
  await insertRows(
    tx,
    'alert_rules',
    RULE_COLUMNS,
    [{ id: id('rule/monitor_down'), org_id: orgId, ...rule }],
    NOCONFLICT,
  )
}

async function seedOrgs(
  tx: Transaction,
  account: DemoAccount,
  northwind: string,
  contoso: string,
): Promise<void> {
  await insertRows(
    tx,
    'orgs',
    { id: 'uuid', name: 'text' },
    [
      { id: northwind, name: NORTHWIND },
      { id: contoso, name: CONTOSO },
    ],
    NOCONFLICT,
  )
  await insertRows(
    tx,
    'memberships',
    { org_id: 'uuid', user_id: 'uuid', role: 'text' },
    [
      { org_id: northwind, user_id: account.userId, role: 'supervisor' },
      { org_id: northwind, user_id: account.wallboard.userId, role: 'wallboard' },
      { org_id: contoso, user_id: account.other.userId, role: 'supervisor' },
      { org_id: northwind, user_id: account.admin.userId, role: 'admin' },
    ],
    NOCONFLICT,
  )
}

/** Campaigns, alert rules and the wallboard profile: how the centre is configured. */
async function seedSetup(tx: Transaction, orgId: string, id: (key: string) => string): Promise<void> {
  const campaigns = CAMPAIGNS.map((c) => ({
    id: id(`campaign/${c.name}`),
    org_id: orgId,
    name: c.name,
    status: 'active',
    dial_target: c.dialTarget,
    bid: c.bid,
    payout: c.payout,
  }))
  const campaignColumns = {
    id: 'uuid',
    org_id: 'uuid',
    name: 'text',
    status: 'text',
    dial_target: 'int',
    bid: 'numeric',
    payout: 'numeric',
  }
  await insertRows(tx, 'campaigns', campaignColumns, campaigns, NOCONFLICT)
  const rules = RULES.map((r) => ({ id: id(`rule/${r.kind}`), org_id: orgId, ...r }))
  await insertRows(tx, 'alert_rules', RULE_COLUMNS, rules, NOCONFLICT)
  const layout = {
    tiles: ['service-level', 'queues', 'agents', 'alerts', 'monitors'],
    theme: 'dark',
    columns: 3,
  }
  await insertRows(
    tx,
    'wallboard_profiles',
    { id: 'uuid', org_id: 'uuid', name: 'text', layout: 'jsonb', rotation_seconds: 'int' },
    [{ id: id('wallboard/main'), org_id: orgId, name: 'Main floor', layout, rotation_seconds: 30 }],
    NOCONFLICT,
  )
}
