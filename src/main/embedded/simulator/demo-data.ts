// What the demo floor is made of, and the pace of its world (durations in "world" milliseconds: the
// simulator divides them by its speed factor to reach the requested change rate).
export const DEMO_PASSWORD = 'floorwatch-demo'
export const NORTHWIND = 'Northwind Contact Centre'
export const CONTOSO = 'Contoso Support'

export interface QueueProfile {
  name: string
  slaSeconds: number
  slaPercent: number
  timeZone: string
  agents: number
  /** Inbound calls per world second in normal conditions. */
  arrivalsPerSecond: number
  /** Mean talk time and mean caller patience before abandoning, world ms. */
  talkMs: number
  patienceMs: number
  dialPrefix: string
}

export const QUEUES: QueueProfile[] = [
  {
    name: 'Sales',
    slaSeconds: 20,
    slaPercent: 80,
    timeZone: 'Europe/London',
    agents: 14,
    arrivalsPerSecond: 0.05,
    talkMs: 150_000,
    patienceMs: 90_000,
    dialPrefix: '+44 7700 9',
  },
  {
    name: 'Support',
    slaSeconds: 30,
    slaPercent: 80,
    timeZone: 'America/New_York',
    agents: 16,
    arrivalsPerSecond: 0.045,
    talkMs: 200_000,
    patienceMs: 120_000,
    dialPrefix: '+1 212 555 0',
  },
  {
    name: 'Billing',
    slaSeconds: 60,
    slaPercent: 90,
    timeZone: 'Asia/Kolkata',
    agents: 10,
    arrivalsPerSecond: 0.036,
    talkMs: 130_000,
    patienceMs: 160_000,
    dialPrefix: '+91 98450 1',
  },
]

export const MONITORS = [
  {
    name: 'SIP trunk',
    kind: 'sip',
    target: 'sip:trunk.northwind.example:5060',
    intervalSeconds: 5,
    pingMs: 18,
  },
  {
    name: 'IVR',
    kind: 'http',
    target: 'https://ivr.northwind.example/health',
    intervalSeconds: 10,
    pingMs: 45,
  },
  {
    name: 'CRM API',
    kind: 'http',
    target: 'https://crm.northwind.example/api/health',
    intervalSeconds: 10,
    pingMs: 120,
  },
  {
    name: 'Recording store',
    kind: 'tcp',
    target: 'recordings.northwind.example:443',
    intervalSeconds: 15,
    pingMs: 70,
  },
] as const

export const CAMPAIGNS = [
  { name: 'Spring renewals', dialTarget: 1200, bid: 4.5, payout: 12 },
  { name: 'Win-back Q2', dialTarget: 800, bid: 3.25, payout: 9.5 },
] as const

// Durations are the rules' hysteresis: held this long before raising, gone this long before clearing. The
// service-level and abandon-rate rules judge the last 30 minutes (params.window_minutes): by mid-shift a day's
// figure hardly moves, while a queue in trouble now is what a supervisor must hear about. A 30-minute figure
// moves slowly itself, so a minute's hold is enough.
const RECENT = { window_minutes: 30 }
export const RULES = [
  rule('queue_wait', 'Longest wait over 60 s', 60, 'warning', 30, 60),
  rule('service_level', 'Service level (30 min) under target', 80, 'warning', 60, 120, null, RECENT),
  rule('abandon_rate', 'Abandon rate (30 min) over 8 %', 8, 'warning', 60, 120, null, RECENT),
  rule('queue_depth', 'More than 8 calls waiting', 8, 'warning', 30, 60),
  rule('monitor_down', 'Monitored service down', 2, 'critical', 0, 60, 5),
  rule('monitor_ping', 'Monitored service slow', 1000, 'warning', 60, 60),
  rule('agent_idle', 'Agent idle over 5 min', 300, 'warning', 0, 30),
  rule('agent_break', 'Break over 13 min', 780, 'info', 0, 30),
]

function rule(
  kind: string,
  name: string,
  threshold: number,
  severity: 'info' | 'warning' | 'critical',
  raiseAfter: number,
  clearAfter: number,
  escalateAfterMinutes: number | null = null,
  params: Record<string, unknown> = {},
) {
  return {
    kind,
    name,
    threshold,
    severity,
    raise_after_seconds: raiseAfter,
    clear_after_seconds: clearAfter,
    escalate_after_minutes: escalateAfterMinutes,
    params,
  }
}

// prettier-ignore
export const FIRST_NAMES = [
  'Amara', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Isla', 'Jonas', 'Keira', 'Luis', 'Maya',
  'Nikhil', 'Olivia', 'Pavel', 'Quinn', 'Rosa', 'Sami', 'Tara', 'Umar', 'Vera', 'Wes', 'Xin', 'Yara', 'Zane',
]
// prettier-ignore
export const LAST_NAMES = [
  'Adeyemi', 'Brooks', 'Castillo', 'Dubois', 'Evans', 'Fischer', 'Gupta', 'Hughes', 'Ivanova', 'Jensen', 'Kaur',
  'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Patel', 'Rossi', 'Silva', 'Tanaka', 'Walsh',
]

/** The pace of the world at speed 1. */
export const PACE = {
  ringMs: [3_000, 9_000] as const,
  wrapMs: [10_000, 35_000] as const,
  holdMs: [12_000, 60_000] as const,
  holdChance: 0.3,
  failAtArrivalChance: 0.01,
  failWhileTrunkDownChance: 0.6,
  dropChance: 0.005,
  agentHeartbeatMs: 15_000,
  breakEveryMs: 75 * 60_000,
  breakMs: [5 * 60_000, 15 * 60_000] as const,
  logoutEveryMs: 4 * 3600_000,
  offlineMs: [10 * 60_000, 40 * 60_000] as const,
  breakAfterCallChance: 0.02,
  dialEveryMs: 25_000,
  outboundConnectChance: 0.45,
  outboundRingMs: [8_000, 25_000] as const,
  outboundWaitMs: 60_000,
  campaignRestMs: 30 * 60_000,
  historyMs: 60 * 60_000,
  heartbeatHistoryMs: 10 * 60_000,
}
