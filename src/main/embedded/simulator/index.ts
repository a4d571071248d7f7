// The call-centre simulator: the demo seed and the traffic generator.
export { seedDemo, type DemoAccount, type DemoLogin, type SeedOptions } from './seed'
export {
  initialSpeed,
  startSimulator,
  type Simulator,
  type SimulatorOptions,
  type SimulatorStats,
} from './runner'
export { DEFAULT_INCIDENTS, DEMO_INCIDENTS, DEMO_OPENING, type IncidentSchedule } from './incidents'
export { backfillHistory, type BackfillOptions, type BackfillResult } from './backfill'
export { DEFAULT_HISTORY, type HistoryWindows } from './history'
