export { Relay, DEFAULT_RELAY_OPTIONS } from './relay'
export type { RelayOptions, RelaySource, RelayStats, ViewHandle } from './relay'
export type { ViewSink } from './view'
export { splitBatches, utf8Bytes, envelopeBytes } from './batching'
