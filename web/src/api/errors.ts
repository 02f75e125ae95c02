// Every error the API answers, in words a person understands. The gateway answers
// {code, message} (google.rpc code names; the message starts with the field it is about). One
// table maps them: first the specific refusals the people meet (sold out, limit reached, already
// claimed, not enough points …) by code and message, then each code alone. A raw code or English
// message never reaches the screen.

interface Rule {
  code: string
  // A phrase of the service's message (messages name the field first: "reward_id: …").
  match: RegExp
  chinese: string
}

const specific: Rule[] = [
  // points: the store
  { code: 'FAILED_PRECONDITION', match: /not enough units left/, chinese: '这件礼品已兑完，请选择其他礼品' },
  { code: 'FAILED_PRECONDITION', match: /per person per period/, chinese: '已达到每人兑换上限' },
  { code: 'FAILED_PRECONDITION', match: /not have enough points/, chinese: '积分不足，无法兑换' },
  { code: 'FAILED_PRECONDITION', match: /reward is not offered|outside the reward's active window/, chinese: '这件礼品当前不可兑换' },
  { code: 'FAILED_PRECONDITION', match: /only an order waiting for pickup can be cancelled|no longer waiting for pickup/, chinese: '订单已领取或已取消' },
  { code: 'FAILED_PRECONDITION', match: /pickup_code: does not match/, chinese: '取货码不正确' },
  // wishes
  { code: 'FAILED_PRECONDITION', match: /not on the wall/, chinese: '这个心愿已被认领' },
  { code: 'FAILED_PRECONDITION', match: /open claims/, chinese: '认领中的心愿已达上限，请先完成或放弃一个' },
  { code: 'FAILED_PRECONDITION', match: /claims released in the last/, chinese: '近期放弃的认领过多，请明天再认领' },
  { code: 'FAILED_PRECONDITION', match: /claim lapsed/, chinese: '认领已超时，心愿已回到心愿墙' },
  { code: 'FAILED_PRECONDITION', match: /wish is not in a state/, chinese: '心愿当前状态不允许这个操作' },
  // posts
  { code: 'FAILED_PRECONDITION', match: /post is full/, chinese: '岗位人数已满' },
  { code: 'FAILED_PRECONDITION', match: /post is closed/, chinese: '岗位已关闭' },
  { code: 'FAILED_PRECONDITION', match: /active adoptions per person/, chinese: '认领的岗位已达上限' },
  { code: 'FAILED_PRECONDITION', match: /only party members who reported/, chinese: '该岗位仅限已到本社区报到的党员认领' },
  { code: 'FAILED_PRECONDITION', match: /post is not adopted/, chinese: '已退出该岗位，不能再登记服务' },
  { code: 'ALREADY_EXISTS', match: /already adopted/, chinese: '您已认领这个岗位' },
  { code: 'INVALID_ARGUMENT', match: /^hours:/, chinese: '服务时长须大于 0 且不超过 24 小时（最多两位小数）' },
  { code: 'INVALID_ARGUMENT', match: /^service_date: must not be in the future/, chinese: '服务日期不能晚于今天' },
  { code: 'INVALID_ARGUMENT', match: /^service_date: before the adoption/, chinese: '服务日期不能早于认领岗位的日期' },
  { code: 'INVALID_ARGUMENT', match: /^summary:/, chinese: '请填写服务内容' },
  // volunteer: service certificates (志愿服务证明)
  { code: 'INVALID_ARGUMENT', match: /^period_end: must not be before period_start/, chinese: '结束日期不能早于开始日期' },
  { code: 'INVALID_ARGUMENT', match: /^period_end: must not be in the future/, chinese: '结束日期不能晚于今天' },
  { code: 'INVALID_ARGUMENT', match: /^period_start: a certificate covers at most five years/, chinese: '一份证明最长覆盖五年，请缩短时间段' },
  { code: 'INVALID_ARGUMENT', match: /^period_(start|end):/, chinese: '请选择证明的开始和结束日期' },
  { code: 'FAILED_PRECONDITION', match: /no service is recorded for the volunteer in this period/, chinese: '这段时间内没有服务记录，无法出具证明' },
  { code: 'FAILED_PRECONDITION', match: /only a valid certificate can be revoked/, chinese: '这份证明已撤销或已更新，不能再撤销' },
  { code: 'FAILED_PRECONDITION', match: /only a valid certificate is downloaded/, chinese: '这份证明已撤销或已更新，不能再下载' },
  { code: 'FAILED_PRECONDITION', match: /only an active volunteer is issued a certificate/, chinese: '志愿者身份审核通过且状态正常后才能申请志愿服务证明' },
  { code: 'INVALID_ARGUMENT', match: /^serial: mistyped/, chinese: '证书编号有误，请核对后重新输入' },
  { code: 'INVALID_ARGUMENT', match: /^serial:/, chinese: '证书编号格式不正确' },
  { code: 'NOT_FOUND', match: /^serial: no such certificate/, chinese: '查无此证明，请核对证书编号' },
  // points: commendation rounds
  { code: 'FAILED_PRECONDITION', match: /confirm or strike every candidate/, chinese: '请先确认或剔除每一位候选人，再发布公示' },
  { code: 'FAILED_PRECONDITION', match: /notice period has not ended/, chinese: '公示期未结束，暂不能完成评选' },
  { code: 'FAILED_PRECONDITION', match: /resolve every objection first/, chinese: '请先处理全部异议' },
  { code: 'FAILED_PRECONDITION', match: /objections are taken during the notice only/, chinese: '只有公示期间可以提出异议' },
  { code: 'FAILED_PRECONDITION', match: /objection_id: already resolved/, chinese: '这条异议已处理' },
  { code: 'FAILED_PRECONDITION', match: /objections per person and round/, chinese: '您对这次评选提出的异议已达上限' },
  { code: 'NOT_FOUND', match: /not on the published list/, chinese: '该候选人不在公示名单中' },
  { code: 'INVALID_ARGUMENT', match: /^text: required/, chinese: '请填写异议理由' },
  { code: 'INVALID_ARGUMENT', match: /^text: at most/, chinese: '异议理由不能超过 1000 字' },
  { code: 'INVALID_ARGUMENT', match: /^resolution: at most/, chinese: '处理说明不能超过 500 字' },
  { code: 'INVALID_ARGUMENT', match: /^reason: required/, chinese: '请填写原因' },
  { code: 'INVALID_ARGUMENT', match: /control characters are not allowed/, chinese: '内容中不能有换行等特殊字符' },
  { code: 'FAILED_PRECONDITION', match: /round is not in its notice/, chinese: '评选不在公示期，不能处理异议' },
  { code: 'FAILED_PRECONDITION', match: /only a round in its notice is finalised/, chinese: '只有公示中的评选可以完成' },
  { code: 'FAILED_PRECONDITION', match: /round is already published/, chinese: '评选已发布公示' },
  { code: 'FAILED_PRECONDITION', match: /candidates are decided before publishing/, chinese: '已发布公示，不能再更改候选人' },
  { code: 'FAILED_PRECONDITION', match: /the rule proposes more than/, chinese: '符合条件的候选人过多，请减少名额或提高积分要求' },
  // the console: posts, the store, earning rules (the form checks these first; these rows are
  // for a refusal that gets past it)
  { code: 'INVALID_ARGUMENT', match: /^post\.capacity:/, chinese: '名额须在 1 到 1000 之间' },
  { code: 'INVALID_ARGUMENT', match: /^post\.title: required/, chinese: '请填写岗位名称' },
  { code: 'INVALID_ARGUMENT', match: /^post\.type_code:/, chinese: '请从岗位类型中选择一类' },
  { code: 'INVALID_ARGUMENT', match: /^post\.community_id:/, chinese: '社区编码不正确' },
  { code: 'INVALID_ARGUMENT', match: /^(post|reward)\.\w+: at most \d+ characters/, chinese: '填写的内容过长，请精简' },
  { code: 'INVALID_ARGUMENT', match: /^reward\.name: required/, chinese: '请填写礼品名称' },
  { code: 'INVALID_ARGUMENT', match: /^reward\.price:/, chinese: '积分价格须在 1 到 1000000 之间' },
  { code: 'INVALID_ARGUMENT', match: /^reward\.stock:/, chinese: '库存不能为负数' },
  { code: 'INVALID_ARGUMENT', match: /^reward\.(per_person_limit|limit_period):/, chinese: '每人限兑的数量和周期须同时填写' },
  { code: 'INVALID_ARGUMENT', match: /^reward\.active_until:/, chinese: '截止时间须晚于上架时间' },
  { code: 'INVALID_ARGUMENT', match: /^add_units:/, chinese: '补货数量须在 1 到 100000 之间' },
  { code: 'INVALID_ARGUMENT', match: /^rules\.[\w.]+: .*at most \d+, the street's/, chinese: '社区的积分标准不能高于街道的标准' },
  { code: 'INVALID_ARGUMENT', match: /^rules\.[\w.]+: .*at most \d+, the defaults'/, chinese: '社区的积分标准不能高于系统默认标准' },
  { code: 'INVALID_ARGUMENT', match: /^rules\.(points_per_hour|points_per_hour_by_post_type|wish_points): between/, chinese: '积分须在 0 到 1000 之间' },
  { code: 'INVALID_ARGUMENT', match: /^rules\.activity_cap: between/, chinese: '单次活动积分上限须在 1 到 10000 之间' },
  { code: 'PERMISSION_DENIED', match: /the defaults are changed by the system role/, chinese: '系统默认的积分标准只能由市级平台修改' },
  // the national service-record export
  { code: 'FAILED_PRECONDITION', match: /service records; export a shorter period/, chinese: '该期间的服务记录超过单次导出上限，请缩短导出期间（如按月导出）' },
  { code: 'INVALID_ARGUMENT', match: /^period_end: a period of at most 366 days/, chinese: '导出期间最长 366 天' },
  { code: 'INVALID_ARGUMENT', match: /^period_end: must not be before period_start/, chinese: '结束日期不能早于开始日期' },
  { code: 'INVALID_ARGUMENT', match: /^period_(start|end):/, chinese: '请选择导出期间' },
  { code: 'INVALID_ARGUMENT', match: /^page_token: expired/, chinese: '导出已超时，请重新导出' },
  { code: 'FAILED_PRECONDITION', match: /^page_token: this export is over/, chinese: '导出已过期，请重新导出' },
  { code: 'INVALID_ARGUMENT', match: /^region_id: must be a street \(9 digits\) or community/, chinese: '请输入 9 位街道或 12 位社区代码' },
  { code: 'RESOURCE_EXHAUSTED', match: /^export: your previous export/, chinese: '上一次导出尚未完成，请稍后再试' },
  { code: 'RESOURCE_EXHAUSTED', match: /^export: other exports/, chinese: '正在导出的人较多，请一分钟后再试' },
  { code: 'DEADLINE_EXCEEDED', match: /the file took longer than/, chinese: '导出超时，请缩短导出期间后重试' },
  // the inbox, 微广播 and call-outs, webhooks
  { code: 'FAILED_PRECONDITION', match: /^broadcast_id: the call-out has ended/, chinese: '召集已结束，不能再回复' },
  { code: 'PERMISSION_DENIED', match: /only a recipient of the call-out may answer it/, chinese: '您不在这次召集的范围内' },
  { code: 'NOT_FOUND', match: /^broadcast_id: no such broadcast/, chinese: '找不到这条广播，或您不在它的发送范围内' },
  { code: 'INVALID_ARGUMENT', match: /^call_out\.end_time: the call-out has already ended/, chinese: '召集的结束时间已过，请重新选择时间' },
  { code: 'INVALID_ARGUMENT', match: /^call_out\.end_time: must be after/, chinese: '结束时间须晚于开始时间' },
  { code: 'INVALID_ARGUMENT', match: /^call_out\.(start_time|end_time): required/, chinese: '请选择召集时间' },
  { code: 'INVALID_ARGUMENT', match: /^call_out\.place:/, chinese: '请填写集合地点（不超过 200 字）' },
  { code: 'INVALID_ARGUMENT', match: /^call_out\.wanted:/, chinese: '需要人数超出范围' },
  { code: 'INVALID_ARGUMENT', match: /^audience\.grid_id:/, chinese: '网格不在本辖区内' },
  { code: 'INVALID_ARGUMENT', match: /^audience\.team_id:/, chinese: '队伍编号不正确' },
  { code: 'INVALID_ARGUMENT', match: /^title: at most/, chinese: '标题不能超过 60 字' },
  { code: 'INVALID_ARGUMENT', match: /^title: required/, chinese: '请填写标题' },
  { code: 'INVALID_ARGUMENT', match: /^body: at most/, chinese: '内容不能超过 1000 字' },
  { code: 'INVALID_ARGUMENT', match: /^body: required/, chinese: '请填写内容' },
  { code: 'INVALID_ARGUMENT', match: /^url: the host resolves to a loopback or private address/, chinese: '推送地址不能是内网或本机地址' },
  { code: 'INVALID_ARGUMENT', match: /^url:/, chinese: '推送地址须为 https:// 开头的完整地址' },
  { code: 'INVALID_ARGUMENT', match: /^types:/, chinese: '事件类型填写有误，请参照事件说明' },
  { code: 'FAILED_PRECONDITION', match: /^webhook_id: the webhook is deleted/, chinese: '该推送地址已删除' },
  // volunteer activities: signing up and cancelling
  { code: 'FAILED_PRECONDITION', match: /sign-up closed at/, chinese: '报名已截止' },
  { code: 'FAILED_PRECONDITION', match: /sign-up is closed/, chinese: '活动不在报名期（未发布、已开始或已结束）' },
  { code: 'FAILED_PRECONDITION', match: /for party members only/, chinese: '该活动仅限党员报名' },
  { code: 'FAILED_PRECONDITION', match: /asks for volunteers at least \d+ years old/, chinese: '未达到该活动的年龄要求' },
  { code: 'ALREADY_EXISTS', match: /already signed up/, chinese: '您已报名这个活动' },
  { code: 'FAILED_PRECONDITION', match: /^participation_id: the activity has started or is over/, chinese: '活动已开始或已结束，不能取消报名（有名额未参加将记为未到场）' },
  { code: 'FAILED_PRECONDITION', match: /^participation_id: the roster is confirmed/, chinese: '活动名单已确认，不能再更改' },
  { code: 'FAILED_PRECONDITION', match: /^participation_id: the activity is over or cancelled/, chinese: '活动已结束或已取消' },
  { code: 'ABORTED', match: /the waiting list changed/, chinese: '候补名单刚刚有变化，请重试' },
  { code: 'FAILED_PRECONDITION', match: /already cancelled, rejected or over/, chinese: '报名已取消或活动已结束，不能再取消' },
  { code: 'FAILED_PRECONDITION', match: /not waiting for approval/, chinese: '这条报名不在待审核状态' },
  // volunteer activities: checking in and out by the code on the organiser's screen
  { code: 'INVALID_ARGUMENT', match: /^code: required/, chinese: '请输入签到码' },
  { code: 'FAILED_PRECONDITION', match: /^code: expired/, chinese: '签到码已过期，请输入现场屏幕上当前显示的签到码' },
  { code: 'INVALID_ARGUMENT', match: /^code: does not match/, chinese: '签到码不正确，请核对现场屏幕上的 6 位数字' },
  { code: 'INVALID_ARGUMENT', match: /^code: malformed/, chinese: '签到码格式不正确，请输入 6 位数字' },
  { code: 'INVALID_ARGUMENT', match: /^code: forged/, chinese: '签到码无效，请扫描或输入现场屏幕上的签到码' },
  { code: 'FAILED_PRECONDITION', match: /^code: the code of another activity/, chinese: '这是其他活动的签到码' },
  { code: 'FAILED_PRECONDITION', match: /^code: too many wrong codes/, chinese: '签到码输错次数过多，请联系活动组织者为您更正签到时间' },
  { code: 'FAILED_PRECONDITION', match: /^code: this code was already used by another volunteer/, chinese: '这个签到码已被其他志愿者使用，请扫描或输入屏幕上当前的签到码' },
  { code: 'FAILED_PRECONDITION', match: /^activity_id: check-out is open until 30 minutes after the end/, chinese: '签退在活动结束后 30 分钟内仍开放，请在此之后再确认名单' },
  { code: 'INVALID_ARGUMENT', match: /^check_(in|out)_time: not in the future/, chinese: '更正的时间不能晚于现在' },
  { code: 'FAILED_PRECONDITION', match: /^code: not valid yet/, chinese: '签到码尚未生效，请稍后再试' },
  { code: 'FAILED_PRECONDITION', match: /outside the check-in window/, chinese: '不在签到时间内（活动开始前 30 分钟至结束后 30 分钟）' },
  { code: 'FAILED_PRECONDITION', match: /check-in is closed/, chinese: '活动已取消或记录已确认，不能签到' },
  { code: 'INVALID_ARGUMENT', match: /^position: required/, chinese: '本活动需要定位签到，请允许获取您的位置后重试' },
  { code: 'INVALID_ARGUMENT', match: /^position: not a latitude/, chinese: '定位信息无效，请重新定位' },
  { code: 'FAILED_PRECONDITION', match: /^position: outside the activity's fence/, chinese: '您不在活动地点范围内，请到达现场后再签到' },
  { code: 'FAILED_PRECONDITION', match: /you have not signed up for this activity/, chinese: '您没有报名这个活动，不能签到' },
  { code: 'FAILED_PRECONDITION', match: /your sign-up holds no place/, chinese: '您的报名还在候补或待审核中，没有名额，不能签到' },
  { code: 'FAILED_PRECONDITION', match: /^activity_id: already checked in/, chinese: '您已签到过了' },
  { code: 'FAILED_PRECONDITION', match: /^activity_id: already checked out/, chinese: '您已签退过了' },
  { code: 'FAILED_PRECONDITION', match: /^activity_id: check in first/, chinese: '请先签到，再签退' },
  // volunteer activities: the organisers' console
  { code: 'INVALID_ARGUMENT', match: /^activity\.title: required/, chinese: '请填写活动名称' },
  { code: 'INVALID_ARGUMENT', match: /^activity\.category: required/, chinese: '请选择活动类别' },
  { code: 'INVALID_ARGUMENT', match: /^activity\.place\.address: required/, chinese: '请填写活动地点' },
  { code: 'INVALID_ARGUMENT', match: /^activity\.start_time/, chinese: '请填写开始时间' },
  { code: 'INVALID_ARGUMENT', match: /^activity\.end_time: after/, chinese: '结束时间须晚于开始时间' },
  { code: 'INVALID_ARGUMENT', match: /^activity\.end_time: an activity lasts at most/, chinese: '一次活动最长 24 小时' },
  { code: 'INVALID_ARGUMENT', match: /^activity\.quota/, chinese: '名额须在 1 到 1000 之间' },
  { code: 'INVALID_ARGUMENT', match: /^activity\.(signup|cancellation)_deadline/, chinese: '报名和取消截止时间不能晚于开始时间' },
  { code: 'INVALID_ARGUMENT', match: /^activity\.place\.(latitude|longitude|radius_meters)/, chinese: '定位坐标或签到范围不正确' },
  { code: 'INVALID_ARGUMENT', match: /^activity\.max_hours/, chinese: '时长上限须在 0 到 24 小时之间' },
  { code: 'INVALID_ARGUMENT', match: /^activity\.requirements\.min_age/, chinese: '年龄要求须在 0 到 100 岁之间' },
  { code: 'INVALID_ARGUMENT', match: /^activity\.\w+: at most \d+ characters/, chinese: '填写的内容过长，请精简' },
  { code: 'FAILED_PRECONDITION', match: /already cancelled or its records confirmed/, chinese: '活动已取消或记录已确认' },
  { code: 'FAILED_PRECONDITION', match: /^activity_id: only a draft is (published|edited)|no longer a draft/, chinese: '只有草稿状态的活动可以发布或修改' },
  { code: 'FAILED_PRECONDITION', match: /^activity\.start_time: already passed/, chinese: '活动开始时间已过，请先修改时间再发布' },
  { code: 'FAILED_PRECONDITION', match: /the roster is confirmed once, after the activity has ended/, chinese: '活动结束后才能确认名单，且只能确认一次' },
  { code: 'INVALID_ARGUMENT', match: /^check_(in|out)_time: within the activity's check-in window/, chinese: '更正的时间须在活动开始前 30 分钟到结束后 30 分钟之间' },
  { code: 'INVALID_ARGUMENT', match: /^check_out_time: needs a check_in_time/, chinese: '填写签退时间时须同时填写签到时间' },
  { code: 'INVALID_ARGUMENT', match: /^check_out_time: not before check_in_time/, chinese: '签退时间不能早于签到时间' },
  { code: 'FAILED_PRECONDITION', match: /only the times of someone holding a place are corrected/, chinese: '只能更正有名额的志愿者的时间，且须在名单确认前' },
  // volunteers
  { code: 'FAILED_PRECONDITION', match: /volunteer is not active/, chinese: '志愿者账号未激活或已暂停' },
  { code: 'FAILED_PRECONDITION', match: /the volunteer must be pending/, chinese: '该志愿者已审核过，无需重复操作' },
]

const byCode: Record<string, string> = {
  UNAUTHENTICATED: '登录已过期，请重新登录',
  PERMISSION_DENIED: '没有权限进行这个操作',
  NOT_FOUND: '找不到相关内容，可能已被删除',
  ALREADY_EXISTS: '已经办理过了，请勿重复操作',
  FAILED_PRECONDITION: '当前状态不允许这个操作',
  ABORTED: '操作冲突，请稍后重试',
  INVALID_ARGUMENT: '填写的内容有误，请检查后重试',
  OUT_OF_RANGE: '填写的内容超出范围',
  RESOURCE_EXHAUSTED: '操作太频繁，请稍后再试',
  UNAVAILABLE: '服务暂时不可用，请稍后重试',
  DEADLINE_EXCEEDED: '服务响应超时，请稍后重试',
  NETWORK: '网络连接失败，请检查网络',
}
const fallback = '操作失败，请稍后重试'

export function chineseMessage(code: string, message: string): string {
  const rule = specific.find((r) => r.code === code && r.match.test(message))
  return rule?.chinese ?? byCode[code] ?? fallback
}

export class ApiError extends Error {
  readonly chinese: string
  constructor(
    readonly code: string,
    readonly apiMessage: string,
    readonly httpStatus: number,
  ) {
    super(`${code}: ${apiMessage}`)
    this.chinese = chineseMessage(code, apiMessage)
  }
}

// What to show for anything a call threw.
export function describe(error: unknown): string {
  return error instanceof ApiError ? error.chinese : fallback
}
