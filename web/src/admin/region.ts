// The region an admin works on: the first region of their token's scope (a community's 12
// digits or a street's 9).
import { session } from '@/common/session'

export function adminRegion(): string {
  return session.claims()?.scope[0] ?? ''
}
