// The call-centre simulator: the demo seed and the traffic generator.
export { seedDemo, type DemoAccount, type DemoLogin } from './seed'
export { startSimulator, type Simulator, type SimulatorOptions, type SimulatorStats } from './runner'
export { DEFAULT_INCIDENTS, type IncidentSchedule } from './incidents'
export { DEFAULT_HISTORY, type HistoryWindows } from './history'
