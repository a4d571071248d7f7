// How loud an alert is on the desktop: severity decides urgency (Linux), sound and taskbar flash. Sound
// and flash are for critical alerts only, so an operator learns that a sound always means act now.
import type { Severity } from '../../../shared/domain/rows'

export type Urgency = 'low' | 'normal' | 'critical'

export interface Presentation {
  urgency: Urgency
  /** Play the OS notification sound. */
  sound: boolean
  /** Flash the taskbar entry / bounce the dock until the window is focused. */
  flash: boolean
  /** Keep the notification on screen until the user dismisses it. */
  sticky: boolean
}

const PRESENTATION: Record<Severity, Presentation> = {
  info: { urgency: 'low', sound: false, flash: false, sticky: false },
  warning: { urgency: 'normal', sound: false, flash: false, sticky: false },
  critical: { urgency: 'critical', sound: true, flash: true, sticky: true },
}

export function presentationFor(severity: Severity): Presentation {
  return PRESENTATION[severity]
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 }

export function severityRank(severity: Severity): number {
  return RANK[severity]
}
