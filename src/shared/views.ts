// The console's views, in navigation order (their number keys), with their labels: the renderer's
// navigation and the scripts and tests that walk every view use this one list.
export const VIEWS = [
  'floor',
  'calls',
  'agents',
  'alerts',
  'services',
  'campaigns',
  'activity',
  'health',
  'settings',
] as const
export type ViewName = (typeof VIEWS)[number]

export const VIEW_LABELS: Record<ViewName, string> = {
  floor: 'Floor',
  calls: 'Live calls',
  agents: 'Agents',
  alerts: 'Alerts',
  services: 'Services',
  campaigns: 'Campaigns',
  activity: 'Activity',
  health: 'Health',
  settings: 'Settings',
}
