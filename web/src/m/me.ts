// The signed-in volunteer's dashboard (GET /v1/volunteers/me/dashboard), loaded once and shared
// by the pages that show a part of it; an action refreshes it.
import { ref } from 'vue'
import { get, type Schemas } from '@/api/client'
import { describe } from '@/api/errors'

export const dashboard = ref<Schemas['tongxin.gateway.v1.Dashboard'] | null>(null)
export const dashboardError = ref('')

export async function loadDashboard(): Promise<void> {
  try {
    dashboard.value = await get('/v1/volunteers/{volunteer_id}/dashboard', { volunteer_id: 'me' })
    dashboardError.value = ''
  } catch (error) {
    dashboardError.value = describe(error)
  }
}

export async function myCommunity(): Promise<string> {
  if (!dashboard.value) await loadDashboard()
  return dashboard.value?.profile?.community_id ?? ''
}
