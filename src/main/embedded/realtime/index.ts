// Realtime (Phoenix channels over WebSocket). (Being built: see issue 2.)
import type { Server } from 'node:http'
import type { Router } from '../http/router'
import type { BackendContext } from '../context'

export interface RealtimeServer {
  close(): Promise<void>
}

export function attachRealtime(_server: Server, _router: Router, _ctx: BackendContext): RealtimeServer {
  return { close: async () => {} }
}
