// Network errors as a supervisor can read them: Node's and undici's codes (`getaddrinfo ENOTFOUND host`,
// `connect ECONNREFUSED 127.0.0.1:54321`, `fetch failed`) turned into words, wherever an error message
// reaches a health reason. Anything not recognised is left as it is.
const RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/getaddrinfo (?:ENOTFOUND|EAI_AGAIN) (\S+)/, (m) => `the host name ${m[1]} could not be found`],
  [/connect ECONNREFUSED (\S+)/, (m) => `nothing is listening at ${m[1]}: connection refused`],
  [/ECONNREFUSED/, () => 'nothing is listening there: connection refused'],
  [/ECONNRESET|socket hang up/, () => 'the connection was reset'],
  [/ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT/, () => 'the connection timed out'],
  [/ENETUNREACH|EHOSTUNREACH/, () => 'the network cannot reach the server'],
  [/CERT_HAS_EXPIRED|ERR_TLS|SELF_SIGNED|UNABLE_TO_VERIFY/, () => 'its TLS certificate was refused'],
  [/^(?:TypeError: )?fetch failed$/, () => 'no connection could be made'],
]

export function plainNetworkError(message: string): string {
  for (const [re, words] of RULES) {
    const m = re.exec(message)
    if (m) return words(m)
  }
  return message
}
