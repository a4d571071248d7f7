// GoTrue subset. (Being built: see issue 2.)
import type { Router } from '../http/router'
import type { BackendContext } from '../context'

export function registerAuth(_router: Router, _ctx: BackendContext): void {}

export async function createUser(
  _ctx: BackendContext,
  _user: { email: string; password: string; userMetadata?: Record<string, unknown> },
): Promise<{ id: string }> {
  throw new Error('not implemented yet')
}
