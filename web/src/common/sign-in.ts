// The sign-in pages' shared state and steps (the two sites differ only in their widgets, which
// identities they offer, where a signed-in person goes, and how a failure is said): the notice
// that sent the person here, the pasted token, the demo identities of a development run.
import { onMounted, ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { session } from './session'
import { signInNotice } from './notice'
import { devIdentities, devSignIn, type DevIdentity } from './dev'

export interface SignInOptions {
  offers: (identity: DevIdentity) => boolean // which demo identities this site lists
  home: string // where a signed-in person goes when no page asked for sign-in
  fail: (message: string) => void // the site's way of saying a failure
  admit?: () => boolean // a last check after the token is taken (false: stay here)
}

export function useSignIn(options: SignInOptions) {
  const route = useRoute()
  const router = useRouter()
  const token = ref('')
  const notice = ref(signInNotice.value)
  const identities = ref<DevIdentity[]>([])
  signInNotice.value = ''

  onMounted(async () => {
    identities.value = (await devIdentities()).filter(options.offers)
  })

  function enter(): void {
    if (options.admit && !options.admit()) return
    const next = typeof route.query.next === 'string' && route.query.next.startsWith('/') ? route.query.next : options.home
    void router.replace(next)
  }

  function useToken(): void {
    if (!session.signIn(token.value)) {
      options.fail('令牌格式不正确')
      return
    }
    enter()
  }

  async function pick(key: string): Promise<void> {
    try {
      session.signIn(await devSignIn(key))
      enter()
    } catch {
      options.fail('登录失败，请稍后重试')
    }
  }

  return { token, notice, identities, useToken, pick }
}
