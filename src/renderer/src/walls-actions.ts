// What a supervisor asks of the wall displays: an announcement on every wall of the org, and the browser
// walls' device tokens (made, listed, revoked) and commands (identify, reload). Outcomes are toasts, as for
// every other action; the answer's data is handed back for the panel to show.
import type { RendererApi, Result } from '../../shared/contract'
import type { IssuedWallToken, WallCommand, WallDevice } from '../../shared/walls'
import type { FloorwatchStore } from './store'

export interface WallActions {
  announce(text: string, minutes: number): Promise<boolean>
  list(): Promise<WallDevice[] | null>
  create(name: string): Promise<IssuedWallToken | null>
  revoke(device: WallDevice): Promise<boolean>
  command(device: WallDevice, command: WallCommand): Promise<boolean>
}

export function createWallActions(api: RendererApi, store: FloorwatchStore): WallActions {
  const toast = store.getState().toast
  async function run<T>(call: () => Promise<Result<T>>, success?: (d: T) => string): Promise<T | null> {
    try {
      const r = await call()
      if (!r.ok) {
        toast('error', r.error.message)
        return null
      }
      if (success) toast('success', success(r.data))
      return r.data
    } catch (err) {
      toast('error', err instanceof Error ? err.message : String(err))
      return null
    }
  }
  return {
    announce: async (text, minutes) =>
      (await run(
        () => api.announce({ text, minutes }),
        () => `Announced on every wall display for ${minutes} min`,
      )) !== null,
    list: () => run(() => api.listWalls()),
    create: (name) =>
      run(
        () => api.createWall({ name }),
        (d) => `Wall display "${d.device.name}" added`,
      ),
    revoke: async (device) =>
      (await run(
        () => api.revokeWall({ id: device.id }),
        () => `Access of "${device.name}" revoked: its screens are disconnected`,
      )) !== null,
    command: async (device, command) =>
      (await run(
        () => api.commandWall({ id: device.id, command }),
        ({ screens }) =>
          screens === 0
            ? `"${device.name}" is not connected right now`
            : `${command === 'identify' ? 'Identifying' : 'Reloading'} "${device.name}" (${screens} ${screens === 1 ? 'screen' : 'screens'})`,
      )) !== null,
  }
}
