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
