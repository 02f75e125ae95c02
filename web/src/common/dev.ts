// The development run's sign-in (scripts/up only): the gateway lists the demo identities at
// GET /dev/identities and mints a token for one at POST /dev/sign-in. A deployment's gateway has
// neither route (404), and the sign-in page then offers only the token box.

export interface DevIdentity {
  key: string
  label: string
  role: string
}

export async function devIdentities(): Promise<DevIdentity[]> {
  try {
    const response = await fetch('/dev/identities')
    if (!response.ok) return []
    const body = (await response.json()) as { identities?: DevIdentity[] }
    return body.identities ?? []
  } catch {
    return []
  }
}

export async function devSignIn(key: string): Promise<string> {
  const response = await fetch('/dev/sign-in', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ identity: key }),
  })
  if (!response.ok) throw new Error(`dev sign-in: ${response.status}`)
  const body = (await response.json()) as { token: string }
  return body.token
}
