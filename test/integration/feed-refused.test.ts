// Over real loopback sockets with `ws` (the class both shells hand to supabase-js): a port where nothing
// listens is reported as unreachable, so the session retries it on the short cap; a server that accepts the
// connection and drops it is an ordinary close. Node's own WebSocket says neither (a bare error event).
import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { observedWebSocket, type WebSocketClass } from '../../src/main/core/feed/transport'
import type { FeedEvent } from '../../src/main/core/feed'

const servers: Server[] = []
afterEach(() => servers.splice(0).forEach((s) => s.close()))

async function listen(onConnection: (socket: Socket) => void): Promise<number> {
  const server = createServer(onConnection)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

/** A port that was free a moment ago and now has nothing listening. */
async function closedPort(): Promise<number> {
  const port = await listen(() => undefined)
  await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()))
  return port
}

function closeOf(base: unknown, port: number): Promise<FeedEvent> {
  return new Promise((resolve) => {
    const t = observedWebSocket(base as WebSocketClass, (e) => {
      if (e.type === 'socket-close') resolve(e)
    })
    new t.WebSocket(`ws://127.0.0.1:${port}/realtime/v1/websocket`)
  })
}

describe('a refused connection, over real sockets', () => {
  it('ws: nothing listening is unreachable', async () => {
    expect(await closeOf(WebSocket, await closedPort())).toEqual({
      type: 'socket-close',
      code: 1006,
      reason: '',
      unreachable: true,
    })
  })

  it('ws: a server that accepts and drops the connection is an ordinary close', async () => {
    const port = await listen((socket) => socket.destroy())
    expect(await closeOf(WebSocket, port)).toEqual({ type: 'socket-close', code: 1006, reason: '' })
  })

  it("Node's WebSocket says nothing about the cause, so its closes keep the long cap", async () => {
    expect(await closeOf(globalThis.WebSocket, await closedPort())).toEqual({
      type: 'socket-close',
      code: 1006,
      reason: '',
    })
  })
})
