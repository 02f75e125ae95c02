// Chinese names of the API's enum values, for the mobile site.

export const wishCategory: Record<string, string> = {
  CATEGORY_STUDY_SUPPLIES: '学习用品',
  CATEGORY_DAILY_NECESSITIES: '生活用品',
  CATEGORY_HEALTH: '医疗健康',
  CATEGORY_APPLIANCE_REPAIR: '家电维修',
  CATEGORY_COMPANIONSHIP: '陪伴关爱',
  CATEGORY_OTHER: '其他',
}

export const wishState: Record<string, string> = {
  WISH_STATE_SUBMITTED: '待审核',
  WISH_STATE_APPROVED: '待认领',
  WISH_STATE_REJECTED: '未通过',
  WISH_STATE_CLAIMED: '已认领',
  WISH_STATE_FULFILLED: '已完成，待确认',
  WISH_STATE_CONFIRMED: '已确认',
  WISH_STATE_WITHDRAWN: '已撤回',
}

export const logStatus: Record<string, string> = {
  LOG_STATUS_SUBMITTED: '待审核',
  LOG_STATUS_APPROVED: '已通过',
  LOG_STATUS_REJECTED: '未通过',
}

export const politicalStatus: Record<string, string> = {
  POLITICAL_STATUS_PARTY_MEMBER: '中共党员',
  POLITICAL_STATUS_LEAGUE_MEMBER: '共青团员',
  POLITICAL_STATUS_MASSES: '群众',
}

export const stars = (level: number | undefined): string => '★'.repeat(level ?? 0) + '☆'.repeat(Math.max(0, 5 - (level ?? 0)))

export function todayInChina(): string {
  // The services reckon dates in China Standard Time (UTC+8, no daylight saving).
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
}

export const activityState: Record<string, string> = {
  ACTIVITY_STATE_DRAFT: '草稿',
  ACTIVITY_STATE_PUBLISHED: '招募中',
  ACTIVITY_STATE_RUNNING: '进行中',
  ACTIVITY_STATE_ENDED: '已结束，待确认',
  ACTIVITY_STATE_RECORDS_CONFIRMED: '已结束',
  ACTIVITY_STATE_CANCELLED: '已取消',
}

export const participationState: Record<string, string> = {
  PARTICIPATION_STATE_PENDING: '待审核',
  PARTICIPATION_STATE_CONFIRMED: '已报名',
  PARTICIPATION_STATE_WAITLISTED: '候补中',
  PARTICIPATION_STATE_CANCELLED: '已取消',
  PARTICIPATION_STATE_REJECTED: '未通过',
  PARTICIPATION_STATE_ATTENDED: '已参加',
  PARTICIPATION_STATE_NO_SHOW: '未到场',
}
