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
