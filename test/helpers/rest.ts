// PostgREST as the service role against a backend a test spawned: set-up and server-side writes only (the
// app never holds this key).
import { NORTHWIND } from '../../src/main/embedded/simulator/demo-data'

export interface ServiceTarget {
  api_url: string
  service_role_key: string
}

/** One request; `Prefer: return=representation` unless `init` says otherwise. Throws with the answer. */
export async function serviceRest(
  info: ServiceTarget,
  path: string,
  init: RequestInit = {},
): Promise<unknown> {
  const key = info.service_role_key
  const res = await fetch(`${info.api_url}/rest/v1/${path}`, {
    ...init,
    headers: {
      apikey: key,
      Authorization: `Bearer ${key}`,
      'Content-Type': 'application/json',
      Prefer: 'return=representation',
      ...(init.headers as Record<string, string> | undefined),
    },
  })
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`)
  return res.status === 204 ? null : res.json()
}

/** Raises an alert in the demo org as the server would (the evaluator, a feed); returns its id. */
export async function raiseDemoAlert(
  info: ServiceTarget,
  alert: { title: string; severity: string; body?: string },
): Promise<string> {
  const [org] = (await serviceRest(info, `orgs?select=id&name=eq.${encodeURIComponent(NORTHWIND)}`)) as {
    id: string
  }[]
  if (!org) throw new Error(`no org named ${NORTHWIND}: is this the demo backend?`)
  const [row] = (await serviceRest(info, 'alerts', {
    method: 'POST',
    body: JSON.stringify({ org_id: org.id, ...alert }),
  })) as { id: string }[]
  return row!.id
}
