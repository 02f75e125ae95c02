// The signed-in person for this browser tab: the bearer token the grid system (or, in a
// development run, the dev sign-in) gave, kept in sessionStorage so it ends with the tab.
// The token's claims are read for the screen only (who, role, region); the gateway verifies it.

const key = 'tongxin.token'

export interface Claims {
  sub: string
  role: 'volunteer' | 'community_admin' | 'street_admin' | 'system' | string
  scope: string[]
  exp: number
}

function decodeClaims(token: string): Claims | null {
  const part = token.split('.')[1]
  if (!part) return null
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/')
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
    const raw = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>
    const scope = raw.scope
    return {
      sub: String(raw.sub ?? ''),
      role: String(raw.role ?? ''),
      scope: Array.isArray(scope) ? scope.map(String) : typeof scope === 'string' && scope ? scope.split(/[ ,]/) : [],
      exp: Number(raw.exp ?? 0),
    }
  } catch {
    return null
  }
}

export const session = {
  token(): string | null {
    return sessionStorage.getItem(key)
  },
  claims(): Claims | null {
    const token = this.token()
    return token ? decodeClaims(token) : null
  },
  // False for text that is not a JWT at all (a paste of the wrong thing).
  signIn(token: string): boolean {
    const trimmed = token.trim().replace(/^Bearer\s+/i, '')
    if (!decodeClaims(trimmed)) return false
    sessionStorage.setItem(key, trimmed)
    return true
  },
  clear(): void {
    sessionStorage.removeItem(key)
  },
  // A deployment's grid system opens the site with #token=<jwt>: take it, and drop it from the
  // address so it is neither bookmarked nor shared.
  takeTokenFromUrl(): void {
    const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash)
    if (match) {
      this.signIn(decodeURIComponent(match[1]))
      history.replaceState(null, '', window.location.pathname + window.location.search)
    }
  },
}

export function decodeTokenClaims(token: string): Claims | null {
  return decodeClaims(token)
}
