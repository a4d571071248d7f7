// PostgREST subset. (Being built: see issue 2.)
import type { Router } from '../http/router'
import type { BackendContext } from '../context'

export function registerRest(_router: Router, _ctx: BackendContext): void {}
