// What the activity pages share: how an activity reads on a phone (time, place, places taken),
// the caller's sign-up in words, and the actions a card offers, each sent to its route and
// answered in Chinese (a full activity puts the volunteer on the waiting list: that is said too).
import { post, type Schemas } from '@/api/client'
import { chinaTime } from '@/common/time'
import { participationState } from './labels'

export type Activity = Schemas['tongxin.activities.v1.Activity']
export type Participation = Schemas['tongxin.activities.v1.Participation']
export type Action = NonNullable<Schemas['tongxin.gateway.v1.ActivityCard']['actions']>[number]

// "06-20 09:00–11:30", in China time; the date again when it ends on another day.
export function when(a: Activity | undefined): string {
  const start = chinaTime(a?.start_time)
  const end = chinaTime(a?.end_time)
  if (!start) return ''
  return start.slice(0, 10) === end.slice(0, 10) ? `${start}–${end.slice(11)}` : `${start} 至 ${end}`
}

export function places(a: Activity | undefined): string {
  const taken = a?.confirmed_count ?? 0
  const waiting = a?.waitlisted_count ? `，候补 ${a.waitlisted_count} 人` : ''
  return `已报名 ${taken}/${a?.quota ?? 0} 人${waiting}`
}

// The caller's sign-up in words: its state, and their place on the waiting list.
export function mine(p: Participation | undefined): string {
  if (!p?.state) return ''
  const state = participationState[p.state] ?? ''
  if (p.state === 'PARTICIPATION_STATE_WAITLISTED' && p.waitlist_position) return `${state}（第 ${p.waitlist_position} 位）`
  if (p.check_out_time) return `${state} · 已签退`
  if (p.check_in_time) return `${state} · 已签到`
  return state
}

export const actionLabel: Partial<Record<Action, string>> = {
  ACTION_SIGN_UP: '报名',
  ACTION_JOIN_WAITING_LIST: '候补报名',
  ACTION_CANCEL_SIGN_UP: '取消报名',
  ACTION_CHECK_IN: '签到',
  ACTION_CHECK_OUT: '签退',
}

// Signs the caller up; says what they got: a place, the waiting list, or the organiser's review.
export async function signUp(activityId: string): Promise<string> {
  const p = await post('/v1/activities/{activity_id}:sign-up', { activity_id: activityId }, { volunteer_id: 'me' })
  switch (p.state) {
    case 'PARTICIPATION_STATE_WAITLISTED':
      return `名额已满，已加入候补（第 ${p.waitlist_position ?? 0} 位），有人取消时按顺序递补`
    case 'PARTICIPATION_STATE_PENDING':
      return '已提交报名，等待组织方审核'
    default:
      return '报名成功'
  }
}

export async function cancelSignUp(participationId: string): Promise<string> {
  const p = await post('/v1/participations/{participation_id}:cancel', { participation_id: participationId }, {})
  return p.late_cancellation ? '已取消报名（已过取消截止时间，将记为迟取消）' : '已取消报名'
}

// The phone's position, when the activity's place has a fence: null when the person or the
// browser does not give it (the service then says a position is needed).
export function position(): Promise<{ latitude: number; longitude: number } | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null)
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 30000 },
    )
  })
}
