// The sites' one door to the gateway's HTTP/JSON API (docs/openapi.json). Paths, bodies and
// answers are typed by the generated src/api/openapi.d.ts; nothing here restates a message.
// Every call carries the session's bearer token; an action carries an X-Request-Id (AIP-155) that
// stays the same for the same action until it has a definite answer, so a click retried after a
// lost answer (network, timeout, 5xx) gets the first answer instead of acting twice. A 401 ends
// the session and sends the person to sign-in.
import type { components, paths } from './openapi'
import { ApiError } from './errors'
import { session } from '@/common/session'

export type Schemas = components['schemas']

type Method = 'get' | 'post'
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>
type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never
type Answer<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { responses: { 200: infer R } } ? Json<R> : never
type Body<P extends keyof paths> =
  Operation<P, 'post'> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never
type Query<P extends keyof paths> =
  Operation<P, 'get'> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never

// The session ended (401): the site shows sign-in with this reason.
let onUnauthenticated: (reason: string) => void = () => {}
export function setUnauthenticatedHandler(handler: (reason: string) => void): void {
  onUnauthenticated = handler
}

function fill(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name]
    if (value === undefined) throw new Error(`path parameter ${name} missing`)
    return encodeURIComponent(value)
  })
}

function newRequestId(): string {
  const bytes = new Uint8Array(12)
  crypto.getRandomValues(bytes)
  return 'web-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

// Actions whose answer was lost, by path and body: the retry reuses the id.
const unanswered = new Map<string, string>()

// The ApiError of a refused answer (its JSON body parsed, or undefined); a 401 also ends the
// session (unless the call was sent without one).
function refusal(status: number, parsed: unknown, anonymous = false): ApiError {
  const error = (parsed ?? {}) as Partial<Schemas['Error']>
  const failure = new ApiError(error.code ?? 'UNKNOWN', error.message ?? '', status)
  if (status === 401 && !anonymous) {
    session.clear()
    onUnauthenticated(failure.chinese)
  }
  return failure
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : {}
  } catch {
    return undefined
  }
}

async function send<T>(method: 'GET' | 'POST', url: string, body?: unknown, anonymous = false): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  const token = anonymous ? '' : session.token()
  if (token) headers.Authorization = `Bearer ${token}`
  const payload = body === undefined ? undefined : JSON.stringify(body)
  const action = `${url}\n${payload ?? ''}`
  if (method === 'POST') {
    headers['Content-Type'] = 'application/json'
    const requestId = unanswered.get(action) ?? newRequestId()
    unanswered.set(action, requestId)
    headers['X-Request-Id'] = requestId
  }
  let response: Response
  try {
    response = await fetch(url, { method, headers, body: payload })
  } catch {
    throw new ApiError('NETWORK', 'network unreachable', 0)
  }
  // A 5xx may have acted (the answer was lost on the way): keep the id for the retry.
  if (method === 'POST' && response.status < 500) unanswered.delete(action)
  const parsed = parseJson(await response.text())
  if (!response.ok) throw refusal(response.status, parsed, anonymous)
  return parsed as T
}

// A file the gateway serves beside the JSON API (the national export's CSV, a certificate's PDF): its
// bytes and the name its Content-Disposition gives. Refusals come as ApiError, as from send.
export async function getFileAt(url: string): Promise<{ blob: Blob; filename: string }> {
  const headers: Record<string, string> = {}
  const token = session.token()
  if (token) headers.Authorization = `Bearer ${token}`
  let response: Response
  try {
    response = await fetch(url, { headers })
  } catch {
    throw new ApiError('NETWORK', 'network unreachable', 0)
  }
  if (!response.ok) throw refusal(response.status, parseJson(await response.text()))
  const disposition = response.headers.get('Content-Disposition') ?? ''
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'export.csv'
  return { blob: await response.blob(), filename }
}

export function get<P extends keyof paths>(
  path: P,
  pathValues: Record<string, string>,
  query?: Query<P>,
): Promise<Answer<P, 'get'>> {
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (value !== undefined && value !== '') search.set(name, String(value))
  }
  const qs = search.toString()
  return send('GET', fill(path as string, pathValues) + (qs ? `?${qs}` : ''))
}

// A public read (the certificate check): sent without the session's token, so that anyone may
// open it and an expired session does not send them to sign-in.
export function getPublic<P extends keyof paths>(
  path: P,
  pathValues: Record<string, string>,
): Promise<Answer<P, 'get'>> {
  return send('GET', fill(path as string, pathValues), undefined, true)
}

export function post<P extends keyof paths>(
  path: P,
  pathValues: Record<string, string>,
  body: Body<P>,
): Promise<Answer<P, 'post'>> {
  return send('POST', fill(path as string, pathValues), body)
}

// A file the gateway answers as its bytes (a certificate's PDF), by the API's path: a Blob, or the
// same ApiError as any other answer. Its path takes no query.
export async function getFile<P extends keyof paths>(
  path: P,
  pathValues: Record<string, string>,
): Promise<Blob> {
  return (await getFileAt(fill(path as string, pathValues))).blob
}
