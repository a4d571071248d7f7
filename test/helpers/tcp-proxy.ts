// A TCP proxy on a free loopback port in front of a server, for tests and benchmarks that need the network
// between a console and its project to misbehave the way real ones do: a path cut without a FIN (a dead
// NAT entry, a pulled cable), a close that reaches the client late, a server or balancer that accepts a
// connection and never answers it, one that is down, or every connection dropped at once.
import { connect, createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

export interface TcpProxy {
  /** http://127.0.0.1:<port>: use it where the server's URL would go. */
  url: string
  port: number
  /** Connections being forwarded now. */
  forwarding(): number
  /** Connections accepted since the proxy started. */
  accepted(): number
  /** Open connections stay open, but nothing flows either way any more. */
  freeze(): void
  /** Frozen connections end now (the OS gives up on them at last): the client sees their close only now. */
  dropFrozen(): void
  /** While on, new connections are accepted and left unanswered; turning it off affects only later ones. */
  blackhole(on: boolean): void
  /** While on, new connections are reset at once, as by a server that is down. */
  refuse(on: boolean): void
  /** Every forwarded connection is reset now, on both sides. */
  cut(): void
  close(): Promise<void>
}

export async function startTcpProxy(target: { host?: string; port: number }): Promise<TcpProxy> {
  const live = new Set<[Socket, Socket]>()
  const frozen = new Set<Socket>()
  const hung = new Set<Socket>()
  let swallow = false
  let refusing = false
  let accepted = 0

  const server: Server = createServer((client) => {
    accepted++
    client.on('error', () => {})
    if (refusing) return void client.resetAndDestroy()
    if (swallow) {
      hung.add(client)
      client.once('close', () => hung.delete(client))
      return
    }
    const upstream = connect(target.port, target.host ?? '127.0.0.1')
    upstream.on('error', () => {})
    const pair: [Socket, Socket] = [client, upstream]
    live.add(pair)
    client.pipe(upstream)
    upstream.pipe(client)
    const end = () => {
      live.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.once('close', end)
    upstream.once('close', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port

  const cut = () => {
    for (const pair of [...live]) {
      live.delete(pair)
      pair[0].resetAndDestroy()
      pair[1].resetAndDestroy()
    }
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    forwarding: () => live.size,
    accepted: () => accepted,
    freeze: () => {
      for (const pair of [...live]) {
        live.delete(pair)
        const [client, upstream] = pair
        client.unpipe(upstream)
        upstream.unpipe(client)
        client.removeAllListeners('close')
        upstream.removeAllListeners('close')
        client.pause()
        // The server's side is gone for good: the client's is what stays open, silent.
        upstream.destroy()
        frozen.add(client)
      }
    },
    dropFrozen: () => {
      for (const client of frozen) client.resetAndDestroy()
      frozen.clear()
    },
    blackhole: (on) => void (swallow = on),
    refuse: (on) => void (refusing = on),
    cut,
    close: async () => {
      cut()
      for (const s of [...frozen, ...hung]) s.destroy()
      frozen.clear()
      hung.clear()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
