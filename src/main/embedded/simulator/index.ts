// The call-centre simulator. (Being built: see issue 2.)
import type { BackendContext } from '../context'

export interface DemoAccount {
  email: string
  password: string
  orgId: string
  userId: string
}
export interface Simulator {
  stop(): Promise<void>
}

export async function seedDemo(_ctx: BackendContext, _opts: { seed: number }): Promise<DemoAccount | null> {
  return null
}

export function startSimulator(
  _ctx: BackendContext,
  _opts: { seed: number; rate: number; fast: boolean; orgId: string },
): Simulator {
  return { stop: async () => {} }
}
