// Chinese names of the API's enum values, for the console.
export const wishState: Record<string, string> = {
  WISH_STATE_SUBMITTED: '待审核',
  WISH_STATE_APPROVED: '待认领',
  WISH_STATE_REJECTED: '未通过',
  WISH_STATE_CLAIMED: '已认领',
  WISH_STATE_FULFILLED: '待确认',
  WISH_STATE_CONFIRMED: '已确认',
  WISH_STATE_WITHDRAWN: '已撤回',
  WISH_STATE_CANCELLED: '已取消',
}

export const postStatus: Record<string, string> = {
  POST_STATUS_OPEN: '招募中',
  POST_STATUS_FULL: '已满员',
  POST_STATUS_CLOSED: '已关闭',
}

export const limitPeriod: Record<string, string> = {
  LIMIT_PERIOD_MONTH: '每月',
  LIMIT_PERIOD_QUARTER: '每季度',
  LIMIT_PERIOD_YEAR: '每年',
}

// A time from the API in China time, date and time (shared with the phone site).
export { chinaTime } from '@/common/time'

export const activityState: Record<string, string> = {
  ACTIVITY_STATE_DRAFT: '草稿',
  ACTIVITY_STATE_PUBLISHED: '招募中',
  ACTIVITY_STATE_RUNNING: '进行中',
  ACTIVITY_STATE_ENDED: '待确认名单',
  ACTIVITY_STATE_RECORDS_CONFIRMED: '已确认',
  ACTIVITY_STATE_CANCELLED: '已取消',
}

export const participationState: Record<string, string> = {
  PARTICIPATION_STATE_PENDING: '待审核',
  PARTICIPATION_STATE_CONFIRMED: '已报名',
  PARTICIPATION_STATE_WAITLISTED: '候补',
  PARTICIPATION_STATE_CANCELLED: '已取消',
  PARTICIPATION_STATE_REJECTED: '未通过',
  PARTICIPATION_STATE_ATTENDED: '已参加',
  PARTICIPATION_STATE_NO_SHOW: '未到场',
}

// The categories offered when creating an activity (the organiser may type another).
export const activityCategories = ['清洁家园', '文明劝导', '敬老助老', '防汛值守', '垃圾分类', '义诊义剪', '政策宣传', '平安巡逻', '关爱儿童', '文体活动']
