export { AlertPolicy, MUTE_15_MIN, MUTE_1_HOUR } from './policy'
export type { AlertPolicyOptions, AlertPolicyState } from './policy'
export { presentationFor, severityRank } from './presentation'
export type { Presentation, Urgency } from './presentation'
