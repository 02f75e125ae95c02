// The faces in a real browser (Debian's chromium driven by playwright-core; no browser is ever
// downloaded) against a running stack with the demo data — tests/web/browser_test.sh starts one
// with scripts/up. Each flow asserts what a person sees. Screenshots of every main page at both
// 390×844 (a phone) and 1440×900 (an office PC) go to $TONGXIN_WEB_ARTIFACTS; any console error
// fails the run.
//
//   TONGXIN_WEB_URL         the gateway, e.g. http://127.0.0.1:9080
//   TONGXIN_JWT_SECRET_FILE the run's HS256 secret (to make an expired token)
//   TONGXIN_WEB_ARTIFACTS   where screenshots and timings go
//   TONGXIN_POINTS_DATABASE_URL  the stack's points database (a round's notice days pass there)
//   CHROMIUM                the browser (default /usr/bin/chromium)
import { execFileSync } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { chromium } from 'playwright-core'

const base = process.env.TONGXIN_WEB_URL ?? 'http://127.0.0.1:8080'
const artifacts = process.env.TONGXIN_WEB_ARTIFACTS ?? 'browser-artifacts'
const secretFile = process.env.TONGXIN_JWT_SECRET_FILE
mkdirSync(artifacts, { recursive: true })

const started = Date.now()
const results = []
const consoleErrors = []
const timeout = 15000

function check(condition, message) {
  if (!condition) throw new Error(message)
}

// A token that expired an hour ago, signed with the run's secret: the gateway refuses it as
// expired (401), not as forged.
function expiredToken(subject, role = 'volunteer', scope = []) {
  const secret = readFileSync(secretFile, 'utf8').trim()
  const now = Math.floor(Date.now() / 1000)
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub: subject, role, scope, iss: 'tongxin', aud: 'tongxin', iat: now - 7200, exp: now - 3600 })}`
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`
}

async function newPage(browser, viewport, expected401 = false) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', deviceScaleFactor: 1 })
  const page = await context.newPage()
  page.setDefaultTimeout(timeout)
  // Refusals the flow provokes on purpose (a person's action the API refuses, shown in Chinese):
  // URL patterns given by expectRefusal.
  const refusals = []
  const provoked = (url) => refusals.some((pattern) => pattern.test(url))
  page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    if (provoked(message.location().url)) return
    // The expired-token flow expects the browser's own note of the refused request.
    if (expected401 && /status of 401/.test(message.text())) return
    consoleErrors.push(message.text())
  })
  // Which request a "Failed to load resource" was, for the report.
  page.on('response', (response) => {
    if (response.status() >= 400 && !(expected401 && response.status() === 401) && !provoked(response.url())) {
      consoleErrors.push(`HTTP ${response.status()} ${response.url()}`)
    }
  })
  return { context, page, expectRefusal: (pattern) => refusals.push(pattern) }
}

async function flow(name, body) {
  const t0 = Date.now()
  try {
    await body()
    results.push({ name, ok: true, ms: Date.now() - t0 })
    console.log(`ok   ${name} (${Date.now() - t0} ms)`)
  } catch (error) {
    results.push({ name, ok: false, ms: Date.now() - t0, error: String(error) })
    console.log(`FAIL ${name}: ${error}`)
  }
}

const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const accessibility = {} // page name → its serious and critical axe-core violations
const photographing = { pages: 0, screenshots_ms: 0, axe_ms: 0 } // what the screenshots and checks cost

const phone = { width: 390, height: 844 }
const desktop = { width: 1440, height: 900 }

// Screenshots of a main page at both sizes (NAME-390.png, NAME-1440.png: the phone site on a PC
// and the console on a phone too), each with its accessibility check (axe-core, WCAG 2 A and AA
// rules); the page is left at the size it had.
async function shot(page, name) {
  const original = page.viewportSize()
  for (const size of [phone, desktop]) {
    await page.setViewportSize(size)
    await shotAtThisSize(page, `${name}-${size.width}`)
  }
  await page.setViewportSize(original)
}

async function shotAtThisSize(page, name) {
  // The new size laid out (two frames), and a message still fading in has a contrast it will not
  // keep: check the page at rest.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity) // a spinner never ends
        .map((a) => a.finished.catch(() => null)),
    ),
  )
  const t0 = Date.now()
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true })
  const t1 = Date.now()
  await page.addScriptTag({ path: axeScript })
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'], resultTypes: ['violations'] })
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`)
  })
  if (violations.length) accessibility[name] = violations
  photographing.screenshots_ms += t1 - t0
  photographing.axe_ms += Date.now() - t1
  photographing.pages += 1
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
})
let firstPaintMs = null
let volunteerId = ''

await flow('the demo volunteer signs in, claims a wish from the wall, and it leaves the wall', async () => {
  const { context, page } = await newPage(browser, phone)
  await page.goto(`${base}/m/`)
  await page.getByText('开发环境：选择演示身份').waitFor()
  firstPaintMs = await page.evaluate(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  )
  check(page.url().endsWith('/m/sign-in?next=/me'), `signed out, /m/ shows sign-in (at ${page.url()})`)
  await shot(page, 'm-sign-in')
  await page.locator('[data-test=identity-volunteer]').click()
  await page.locator('[data-test=my-name]').getByText('杨丽').waitFor()
  volunteerId = await page.evaluate(() => JSON.parse(atob(sessionStorage.getItem('tongxin.token').split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).sub)
  await page.getByText('服务时长（小时）').waitFor()
  await shot(page, 'm-me')

  await page.locator('.van-tabbar').getByText('心愿墙').click()
  const cards = page.locator('[data-test^=wish-]')
  await cards.first().waitFor()
  const card = cards.first()
  const testId = await card.getAttribute('data-test')
  const description = (await card.locator('.van-cell__title > span').first().innerText()).trim()
  await shot(page, 'm-wishes')
  await card.locator('[data-test=claim]').click()
  await page.getByText('认领成功').waitFor()
  await page.locator(`[data-test="${testId}"]`).waitFor({ state: 'detached' })
  // From the server too: the wall, loaded again, no longer has it.
  await page.reload()
  await cards.first().or(page.getByText('心愿墙上暂时没有待认领的心愿')).first().waitFor()
  check((await page.locator(`[data-test="${testId}"]`).count()) === 0, 'the claimed wish is back on the wall after a reload')

  await page.locator('.van-tabbar').getByText('我的').click()
  await page.locator('[data-test=my-claims]').click()
  await page.getByText(description).first().waitFor()
  await page.getByText('已认领').first().waitFor()
  await shot(page, 'm-claims')

  await page.locator('.van-tabbar').getByText('服务岗位').click()
  await page.locator('[data-test^=post-]').first().or(page.getByText('本社区暂无服务岗位')).first().waitFor()
  await shot(page, 'm-posts')
  await page.locator('.van-tabbar').getByText('排行榜').click()
  await page.getByText('只看党员').waitFor()
  await page.locator('.van-cell').filter({ hasText: '杨丽' }).first().waitFor()
  await shot(page, 'm-ranking')
  await context.close()
})

let redeemed = null // { order_id, pickup_code } of the volunteer's order, for the admin to hand out

await flow('the volunteer redeems a reward: the stock falls by one and the pickup code shows large and as a QR code', async () => {
  const { context, page } = await newPage(browser, phone)
  await page.goto(`${base}/m/sign-in`)
  await page.locator('[data-test=identity-volunteer]').click()
  await page.locator('[data-test=my-name]').waitFor()
  await page.locator('.van-tabbar').getByText('积分商城').click()
  const reward = page.locator('[data-test^=reward-]').filter({ hasText: '洗衣液' }).first()
  await reward.waitFor()
  const stockOf = async () => Number(/剩余 (\d+) 件/.exec(await reward.innerText())?.[1])
  const before = await stockOf()
  await reward.locator('[data-test=redeem]').click()
  const answer = page.waitForResponse((r) => r.url().includes(':redeem'))
  await page.getByRole('button', { name: '兑换' }).last().click()
  redeemed = await (await answer).json()
  check(/^[A-Z0-9]{8}$/.test(redeemed.pickup_code ?? ''), `an 8-character pickup code (got ${redeemed.pickup_code})`)
  await page.locator('[data-test=pickup-code]').getByText(redeemed.pickup_code).waitFor()
  await page.locator('[data-test=pickup] img[alt=取货二维码]').waitFor()
  // The popup fades in: the screenshot waits for its transitions to end (one cancelled by the
  // next, as Vant's overlay may do, rejects its promise: it ended too).
  await page.locator('.code-popup').evaluate((el) =>
    Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished.catch(() => null))),
  )
  await shot(page, 'm-store-pickup-code')
  await page.locator('[data-test=pickup-close]').click()
  await page.locator('.code-popup').waitFor({ state: 'hidden' })
  await page.waitForFunction(
    ([expected]) => [...document.querySelectorAll('[data-test^=reward-]')].some((e) => e.textContent.includes('洗衣液') && e.textContent.includes(`剩余 ${expected} 件`)),
    [before - 1],
  )
  await shot(page, 'm-store')
  await context.close()
})

await flow('the community admin hands the order out with its pickup code; the volunteer sees it collected', async () => {
  check(redeemed, 'no order from the redeem flow')
  const { context, page } = await newPage(browser, desktop)
  await page.goto(`${base}/admin/sign-in`)
  await page.locator('[data-test=identity-community-admin]').click()
  await page.getByText('在册志愿者').waitFor()
  await page.getByRole('menuitem', { name: '待办事项' }).click()
  await page.getByRole('tab', { name: /礼品发放/ }).click()
  await page.locator(`[data-test="collect-${redeemed.order_id}"]`).click()
  await page.locator('.el-message-box input').fill(redeemed.pickup_code.toLowerCase())
  await page.locator('.el-message-box').getByRole('button', { name: '发放' }).click()
  await page.getByText('已发放').waitFor()
  await page.locator(`[data-test="collect-${redeemed.order_id}"]`).waitFor({ state: 'detached' })
  await shot(page, 'admin-queue-handed-out')
  await context.close()

  const volunteer = await newPage(browser, phone)
  await volunteer.page.goto(`${base}/m/sign-in`)
  await volunteer.page.locator('[data-test=identity-volunteer]').click()
  await volunteer.page.locator('[data-test=my-name]').waitFor()
  await volunteer.page.locator('.van-tabbar').getByText('积分商城').click()
  await volunteer.page.getByRole('tab', { name: '我的订单' }).click()
  await volunteer.page.locator(`[data-test="order-${redeemed.order_id}"]`).getByText('已领取').waitFor()
  await shot(volunteer.page, 'm-orders')
  await volunteer.context.close()
})

await flow('a party member adopts a post and logs 2 hours; the admin approves and their hours and points rise', async () => {
  const member = await newPage(browser, phone)
  const page = member.page
  await page.goto(`${base}/m/sign-in`)
  await page.locator('[data-test=identity-party-member]').click()
  await page.locator('[data-test=my-name]').getByText('李伟').waitFor()
  const figure = async (name) => Number(await page.locator(`[data-test=${name}]`).innerText())
  const hoursBefore = await figure('my-hours')
  const pointsBefore = await figure('my-points')

  await page.locator('.van-tabbar').getByText('服务岗位').click()
  // A post only party members who reported may adopt (健康义诊, volunteers not allowed).
  const post = page.locator('[data-test^=post-]').filter({ hasText: '健康义诊' })
  await post.locator('[data-test=adopt]').click()
  await page.getByText('认领成功').waitFor()
  await post.getByRole('button', { name: '登记服务' }).click()
  const summary = `为居民测量血压（浏览器测试 ${Date.now()}）`
  await page.getByPlaceholder('小时，如 2').fill('2')
  await page.getByPlaceholder('做了什么').fill(summary)
  await page.getByRole('button', { name: '提交审核' }).click()
  await page.getByText('已提交，等待社区审核').waitFor()
  await shot(page, 'm-posts-logged')

  const admin = await newPage(browser, desktop)
  await admin.page.goto(`${base}/admin/sign-in`)
  await admin.page.locator('[data-test=identity-community-admin]').click()
  await admin.page.getByText('在册志愿者').waitFor()
  await admin.page.getByRole('menuitem', { name: '待办事项' }).click()
  await admin.page.getByRole('tab', { name: /服务审核/ }).click()
  const row = admin.page.locator('.el-table__row').filter({ hasText: summary })
  await row.getByRole('button', { name: '通过' }).click()
  await admin.page.getByText('已通过，时长和积分将记入志愿者名下').waitFor()
  await row.waitFor({ state: 'detached' })
  await shot(admin.page, 'admin-queue-log-approved')
  await admin.context.close()

  // The hours and points arrive through the posts service's outbox: the page is reloaded until
  // they show (a real condition, bounded), as a person would pull to refresh.
  await page.locator('.van-tabbar').getByText('我的').click()
  const deadline = Date.now() + 20000
  for (;;) {
    await page.locator('[data-test=my-hours]').waitFor()
    if ((await figure('my-hours')) === hoursBefore + 2 && (await figure('my-points')) > pointsBefore) break
    check(Date.now() < deadline, `hours ${await figure('my-hours')} (was ${hoursBefore}), points ${await figure('my-points')} (was ${pointsBefore}) after approval`)
    await page.reload()
  }
  await shot(page, 'm-me-after-approval')
  await member.context.close()
})

await flow('an expired token returns the person to sign-in with a message', async () => {
  check(secretFile, 'TONGXIN_JWT_SECRET_FILE is not set')
  const { context, page } = await newPage(browser, phone, true)
  await page.goto(`${base}/m/me#token=${expiredToken(volunteerId || 'nobody')}`)
  await page.locator('[data-test=sign-in-notice]').getByText('登录已过期，请重新登录').waitFor()
  check(page.url().includes('/m/sign-in'), `the expired session is at sign-in (at ${page.url()})`)
  check((await page.evaluate(() => sessionStorage.getItem('tongxin.token'))) === null, 'the expired token was kept')
  await shot(page, 'm-expired')
  // The new pages too: the phone's 评优公示, and the console's work queue with its pending volunteers.
  await page.goto(`${base}/m/notices#token=${expiredToken(volunteerId || 'nobody')}`)
  await page.locator('[data-test=sign-in-notice]').getByText('登录已过期，请重新登录').waitFor()
  check(/\/m\/sign-in\?next=.*notices/.test(page.url()), `the expired 评优公示 is at sign-in (at ${page.url()})`)
  await page.goto(`${base}/admin/queue#token=${expiredToken('demo-community-admin', 'community_admin', ['411502001002'])}`)
  await page.locator('[data-test=sign-in-notice]').getByText('登录已过期，请重新登录').waitFor()
  check(/\/admin\/sign-in\?next=.*queue/.test(page.url()), `the expired console is at sign-in (at ${page.url()})`)
  check((await page.evaluate(() => sessionStorage.getItem('tongxin.token'))) === null, 'the expired admin token was kept')
  await context.close()
})

await flow('a community admin signs in to the console and sees the overview, the work queue and the volunteers masked', async () => {
  const { context, page } = await newPage(browser, desktop)
  await page.goto(`${base}/admin/`)
  await page.locator('[data-test=identity-community-admin]').click()
  await page.getByText('在册志愿者').waitFor()
  await page.getByText('管辖区域：411502001002').waitFor()
  await page.locator('canvas').first().waitFor()
  await shot(page, 'admin-dashboard')
  await page.getByRole('menuitem', { name: '待办事项' }).click()
  await page.getByRole('tab', { name: /心愿审核/ }).waitFor()
  await shot(page, 'admin-queue')
  await page.getByRole('menuitem', { name: '志愿者' }).click()
  const table = page.locator('[data-test=volunteers]')
  await table.getByText('杨丽').waitFor()
  const masked = await table.locator('.el-table__row').first().locator('td').nth(1).innerText()
  check(/^\d{2}\*{14}[\dX]{2}$/.test(masked.trim()), `the ID number is shown masked (got ${masked})`)
  await shot(page, 'admin-volunteers')
  await context.close()
})

await flow("an admin of another community sees its own volunteers and none of 大拱桥社区's", async () => {
  const { context, page } = await newPage(browser, desktop)
  await page.goto(`${base}/admin/sign-in`)
  await page.locator('[data-test=identity-other-community-admin]').click()
  await page.getByText('管辖区域：411502001001').waitFor()
  await page.getByRole('menuitem', { name: '志愿者' }).click()
  const table = page.locator('[data-test=volunteers]')
  await table.getByText('王秀英').waitFor()
  const names = await table.locator('.el-table__row td:first-child').allInnerTexts()
  check(!names.some((name) => name.includes('杨丽')), `杨丽 of 大拱桥社区 is listed: ${names.join(', ')}`)
  check(names.length > 0, 'the community lists its own volunteers')
  await shot(page, 'admin-other-community')
  // Nor 大拱桥社区's newcomer waiting for approval (方晓雨, pending there now) in its work queue.
  const pendingAnswer = page.waitForResponse((r) => r.url().includes('/volunteers?') && r.url().includes('VOLUNTEER_STATUS_PENDING'))
  await page.getByRole('menuitem', { name: '待办事项' }).click()
  check((await pendingAnswer).ok(), 'the pending volunteers of its own community load')
  await page.getByRole('tab', { name: /志愿者审核/ }).click()
  await page.locator('[data-test=pending-volunteers]').getByText('没有待审核的志愿者').waitFor()
  check((await page.getByText('方晓雨').count()) === 0, '大拱桥社区\'s pending 方晓雨 is in another community\'s queue')
  await context.close()
})

// Reads a CSV as Excel would (RFC 4180: quoted fields, doubled quotes, CRLF lines); throws on
// what is not CSV.
function parseCsv(text) {
  const rows = []
  let row = []
  let field = ''
  let quoted = false
  let wasQuoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c !== '"') {
        field += c
      } else if (text[i + 1] === '"') {
        field += '"'
        i++
      } else {
        quoted = false
      }
    } else if (c === '"') {
      if (field !== '' || wasQuoted) throw new Error(`a quote inside a field at character ${i}`)
      quoted = wasQuoted = true
    } else if (c === ',') {
      row.push(field)
      field = ''
      wasQuoted = false
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      wasQuoted = false
    } else {
      if (wasQuoted) throw new Error(`text after a closing quote at character ${i}`)
      field += c
    }
  }
  if (quoted) throw new Error('a quoted field is not closed')
  if (field !== '' || row.length) rows.push([...row, field])
  return rows
}

// The notice's working days pass: the round's notice end is moved into the past in the stack's
// points database, as if the 5 working days had gone by (the services run on the real clock and
// have no hook for tests).
function noticeDaysPass(roundId) {
  const url = process.env.TONGXIN_POINTS_DATABASE_URL
  check(url, 'TONGXIN_POINTS_DATABASE_URL is not set')
  check(/^[0-9a-f-]{36}$/.test(roundId), `a round id (got ${roundId})`)
  const moved = execFileSync(
    process.env.TONGXIN_PSQL ?? 'psql',
    ['-X', '-q', '-tA', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c',
      `UPDATE rounds SET notice_until = now() - interval '1 second' WHERE round_id = '${roundId}' AND status = 2 RETURNING 1`],
    { encoding: 'utf8' },
  )
  check(moved.trim() === '1', `the round's notice was not moved (psql said ${JSON.stringify(moved)})`)
}

async function downloadCsv(page, drawer) {
  const [download] = await Promise.all([page.waitForEvent('download'), drawer.locator('[data-test=download]').click()])
  check(download.suggestedFilename().endsWith('.csv'), `a .csv file (got ${download.suggestedFilename()})`)
  return readFileSync(await download.path())
}

let roundTitle = ''

await flow('a commendation round end to end: created, decided, published; a volunteer objects from the phone; one objection upheld, one dismissed; the notice days pass; finalized with its CSV for Excel', async () => {
  const { context, page, expectRefusal } = await newPage(browser, desktop)
  await page.goto(`${base}/admin/sign-in`)
  await page.locator('[data-test=identity-community-admin]').waitFor()
  await shot(page, 'admin-sign-in')
  await page.locator('[data-test=identity-community-admin]').click()
  await page.getByText('在册志愿者').waitFor()
  await page.getByRole('menuitem', { name: '评优表彰' }).click()
  await page.locator('[data-test=new-round]').click()
  roundTitle = `年度优秀志愿者（浏览器测试 ${Date.now()}）`
  await page.getByPlaceholder('如：2026年度优秀志愿者').fill(roundTitle)
  const created = page.waitForResponse((r) => r.url().endsWith('/v1/rounds') && r.request().method() === 'POST')
  await page.locator('[data-test=create-round]').click()
  const roundId = (await (await created).json()).round_id
  const drawer = page.locator('.el-drawer')
  const rows = drawer.locator('[data-test=candidates] .el-table__body .el-table__row')
  await rows.nth(2).waitFor()
  const candidates = []
  for (const row of await rows.all()) {
    const id = (await row.locator('[data-test^=confirm-]').getAttribute('data-test')).slice('confirm-'.length)
    candidates.push({ id, name: (await row.locator('td').nth(1).innerText()).trim() })
  }
  // The second is struck before publishing; of the confirmed, an objection against the first is
  // upheld (struck too) and one against the third dismissed (kept).
  const [upheldOne, struck, dismissedOne] = candidates
  const row = (c) => rows.filter({ hasText: c.name }) // the demo community's names are distinct
  await row(upheldOne).locator('[data-test^=confirm-]').click()
  await row(upheldOne).getByText('已确认').waitFor()
  await row(struck).locator('[data-test^=strike-]').click()
  await page.locator('.el-message-box input').fill('服务记录待核实')
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
  await row(struck).getByText('已剔除（服务记录待核实）').waitFor()
  if (await drawer.locator('[data-test=confirm-rest]').count()) {
    await drawer.locator('[data-test=confirm-rest]').click()
    await drawer.locator('[data-test=confirm-rest]').waitFor({ state: 'detached' })
  }
  await drawer.locator('[data-test=publish]').click()
  await drawer.locator('[data-test=round-status]').getByText('公示中').waitFor()
  await drawer.locator('[data-test=notice-until]').getByText('（5 个工作日）').waitFor()
  await shot(page, 'admin-round-in-notice')
  // In the notice the file is the working list: the struck candidate with the reason.
  const noticeCsv = (await downloadCsv(page, drawer)).toString('utf8')
  check(noticeCsv.includes(upheldOne.name) && noticeCsv.includes(struck.name), 'the notice CSV lists every candidate')

  // The phone: a volunteer of the community reads the notice and objects to two candidates.
  const volunteer = await newPage(browser, phone)
  const m = volunteer.page
  await m.goto(`${base}/m/sign-in`)
  await m.locator('[data-test=identity-volunteer]').click()
  await m.locator('[data-test=my-name]').waitFor()
  await m.locator('[data-test=my-notices]').click()
  const notice = m.locator(`[data-test="notice-${roundId}"]`)
  await notice.waitFor()
  const until = await notice.locator('[data-test=notice-until]').innerText()
  check(/\d{4}\/\d{1,2}\/\d{1,2}/.test(until), `the notice shows its end date (got ${until})`)
  for (const c of candidates.filter((c) => c !== struck)) await notice.locator(`[data-test="candidate-${c.id}"]`).getByText(c.name).waitFor()
  check((await notice.locator(`[data-test="candidate-${struck.id}"]`).count()) === 0, `the struck ${struck.name} is on the notice`)
  await shot(m, 'm-notices')
  const objections = { upheld: '该同志本年度服务时长有重复登记', dismissed: '该同志很少参加社区活动' }
  for (const [candidate, text] of [[upheldOne, objections.upheld], [dismissedOne, objections.dismissed]]) {
    await notice.locator(`[data-test="object-${candidate.id}"]`).click()
    await m.getByPlaceholder('请写明事实和理由，社区将核实处理').fill(text)
    if (candidate === upheldOne) await shot(m, 'm-notices-objecting')
    await m.locator('[data-test=submit-objection]').click()
    await notice.locator('[data-test^=my-objection-]').filter({ hasText: text }).getByText('待社区核实').waitFor()
  }
  await m.getByText('异议已提交，社区将核实处理').first().waitFor()

  // The console: the objections and their resolution; finalizing waits for the notice's end.
  await page.reload()
  await page.locator('.el-table__row').filter({ hasText: roundTitle }).click()
  const objectionRows = drawer.locator('[data-test=objections] .el-table__body .el-table__row')
  const resolutions = { upheld: '经核实，部分时长重复登记，撤销推荐', dismissed: '经核实，服务记录属实' }
  for (const [candidate, text, button, answer] of [
    [upheldOne, objections.upheld, 'uphold', `异议成立：${resolutions.upheld}`],
    [dismissedOne, objections.dismissed, 'dismiss', `异议不成立：${resolutions.dismissed}`],
  ]) {
    const objection = objectionRows.filter({ hasText: text })
    await objection.getByText(candidate.name).waitFor()
    await objection.locator(`[data-test^=${button}-]`).click()
    await page.locator('.el-message-box input').fill(button === 'uphold' ? resolutions.upheld : resolutions.dismissed)
    await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
    await objection.getByText(answer).waitFor()
  }
  await row(upheldOne).getByText(`已剔除（${resolutions.upheld}）`).waitFor()
  await row(dismissedOne).getByText('已确认').waitFor()
  await shot(page, 'admin-round-objections')
  expectRefusal(/:finalize$/) // the finalize tried while the notice lasts
  await drawer.locator('[data-test=finalize]').click()
  await page.getByText('公示期未结束，暂不能完成评选').waitFor()

  // The volunteer sees how their objections were resolved, and the struck candidate gone.
  await m.reload()
  await notice.locator('[data-test^=my-objection-]').filter({ hasText: objections.upheld }).getByText(`异议成立：${resolutions.upheld}`).waitFor()
  await notice.locator('[data-test^=my-objection-]').filter({ hasText: objections.dismissed }).getByText(/异议不成立/).waitFor()
  check((await notice.locator(`[data-test="candidate-${upheldOne.id}"]`).count()) === 0, `${upheldOne.name} is still on the notice after the objection was upheld`)

  noticeDaysPass(roundId)
  await drawer.locator('[data-test=finalize]').click()
  await page.getByText('评选已完成').waitFor()
  await drawer.locator('[data-test=round-status]').getByText('已完成').waitFor()
  const commended = candidates.filter((c) => c !== struck && c !== upheldOne)
  const list = (await drawer.locator('[data-test=commended]').innerText()).trim()
  check(
    list === `表彰名单（${commended.length} 人）：${commended.map((c) => c.name).join('、')}`,
    `the final round shows its commended people ${commended.map((c) => c.name).join('、')} (got ${list})`,
  )
  await shot(page, 'admin-round-final')

  const bytes = await downloadCsv(page, drawer)
  check(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf, 'the CSV starts with the UTF-8 BOM Excel needs')
  const [header, ...lines] = parseCsv(bytes.subarray(3).toString('utf8'))
  check(header.join(',') === '排名,姓名,志愿者编号,社区,积分,结果,说明', `the CSV header (got ${header.join(',')})`)
  check(lines.every((l) => l.length === header.length), 'every CSV row has every column')
  const got = lines.map((l) => `${l[1]}/${l[2]}/${l[5]}`).sort()
  const expected = commended.map((c) => `${c.name}/${c.id}/确认`).sort()
  check(JSON.stringify(got) === JSON.stringify(expected), `the CSV rows are the commended: expected ${expected.join(' ')}, got ${got.join(' ')}`)
  await context.close()

  // Each commendation is on the volunteer's record.
  await m.locator('.van-nav-bar').getByText('返回').click()
  await m.getByText('服务记录').click()
  await m.getByText('按月服务时长').waitFor()
  if (commended.some((c) => c.id === volunteerId)) await m.getByText(roundTitle).waitFor()
  else check((await m.getByText(roundTitle).count()) === 0, `${roundTitle} is on the record of a volunteer not commended`)
  await shot(m, 'm-records')
  await volunteer.context.close()
})

await flow('the community admin approves a newcomer from the work queue: they leave it and are listed as active', async () => {
  const { context, page } = await newPage(browser, desktop)
  await page.goto(`${base}/admin/sign-in`)
  await page.locator('[data-test=identity-community-admin]').click()
  await page.getByText('在册志愿者').waitFor()
  await page.getByRole('menuitem', { name: '待办事项' }).click()
  await page.getByRole('tab', { name: /志愿者审核 \(1\)/ }).click()
  const newcomer = page.locator('[data-test=pending-volunteers] .el-table__row').filter({ hasText: '方晓雨' })
  await newcomer.waitFor()
  const cells = await newcomer.locator('td').allInnerTexts()
  check(/^\d{2}\*{14}[\dX]{2}$/.test(cells[1].trim()), `the ID number is shown masked (got ${cells[1]})`)
  check(/^1\d{2}\*{4}\d{4}$/.test(cells[2].trim()), `the phone is shown masked (got ${cells[2]})`)
  await shot(page, 'admin-queue-volunteers')
  await newcomer.locator('[data-test^=approve-volunteer-]').click()
  await page.getByText('已审核通过，志愿者已在册').waitFor()
  await newcomer.waitFor({ state: 'detached' })
  await page.getByRole('tab', { name: /志愿者审核 \(0\)/ }).waitFor()
  await page.getByRole('menuitem', { name: '志愿者' }).click()
  await page.locator('.el-radio-button').filter({ hasText: '在册' }).click()
  await page.locator('[data-test=volunteers] .el-table__row').filter({ hasText: '方晓雨' }).getByText('在册', { exact: true }).waitFor()
  await context.close()
})

await flow("an admin of another community sees none of 大拱桥社区's commendation rounds", async () => {
  check(roundTitle, 'no round from the round flow')
  const { context, page } = await newPage(browser, desktop)
  await page.goto(`${base}/admin/sign-in`)
  await page.locator('[data-test=identity-other-community-admin]').click()
  await page.getByText('管辖区域：411502001001').waitFor()
  const listed = page.waitForResponse((r) => r.url().includes('/v1/regions/411502001001/rounds'))
  await page.getByRole('menuitem', { name: '评优表彰' }).click()
  check((await listed).ok(), 'the rounds of its own community load')
  await page.getByText('还没有评选').waitFor()
  check((await page.getByText(roundTitle).count()) === 0, `大拱桥社区's round ${roundTitle} is listed`)
  await shot(page, 'admin-rounds')
  await context.close()
})

// ---- the console's posts, store and earning rules ----

async function consolePage(menu) {
  const admin = await newPage(browser, desktop)
  await admin.page.goto(`${base}/admin/sign-in`)
  await admin.page.locator('[data-test=identity-community-admin]').click()
  await admin.page.getByText('在册志愿者').waitFor()
  await admin.page.getByRole('menuitem', { name: menu }).click()
  return admin
}

async function phonePage(identity, tab) {
  const person = await newPage(browser, phone)
  await person.page.goto(`${base}/m/sign-in`)
  await person.page.locator(`[data-test=identity-${identity}]`).click()
  await person.page.locator('[data-test=my-name]').waitFor()
  await person.page.locator('.van-tabbar').getByText(tab).click()
  return person
}

// An Element Plus number box takes a typed value when it loses focus.
async function typeNumber(box, value) {
  await box.fill(String(value))
  await box.press('Tab')
}

await flow('the community admin creates a post of a chosen type with capacity 1; the party member sees it, and sees it closed once the admin closes it', async () => {
  const admin = await consolePage('服务岗位')
  const page = admin.page
  const table = page.locator('[data-test=posts]')
  const seeded = table.locator('.el-table__row').filter({ hasText: '大拱桥社区结对帮扶困难家庭' })
  await seeded.waitFor()
  await shot(page, 'admin-posts')
  // Who adopted a post, and since when.
  await seeded.locator('[data-test=adoptions]').click()
  const adoptions = page.locator('[data-test=adoption-list]')
  await adoptions.getByText('李伟').waitFor()
  check(/\d{4}-\d{2}-\d{2}/.test(await adoptions.locator('.el-table__row').filter({ hasText: '李伟' }).innerText()), 'the adoption shows its date')
  await shot(page, 'admin-post-adoptions')
  await page.locator('.el-drawer__close-btn').click()
  await page.locator('.el-drawer').waitFor({ state: 'hidden' })

  await page.locator('[data-test=new-post]').click()
  const dialog = page.locator('.el-dialog').filter({ hasText: '新建服务岗位' })
  await dialog.locator('[data-test=post-type]').click()
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: /^义诊$/ }).click()
  const title = `社区义诊（浏览器测试 ${Date.now()}）`
  await dialog.getByPlaceholder('如：大拱桥社区健康义诊').fill(title)
  await dialog.getByPlaceholder('如：社区党群服务中心').fill('大拱桥社区卫生服务站')
  await dialog.getByPlaceholder('如：每周六上午').fill('每月第一个周日上午')
  await typeNumber(dialog.locator('[data-test=post-capacity] input'), 1)
  await shot(page, 'admin-post-new')
  await dialog.locator('[data-test=create-post]').click()
  await page.getByText('岗位已发布').waitFor()
  const row = table.locator('.el-table__row').filter({ hasText: title })
  await row.getByText('招募中').waitFor()
  const shown = await row.innerText()
  check(shown.includes('义诊') && /0\s*\/\s*1/.test(shown), `the new post shows its type and 0 / 1 places (got ${shown})`)

  const member = await phonePage('party-member', '服务岗位')
  const card = member.page.locator('[data-test^=post-]').filter({ hasText: title })
  await card.getByText('0/1 人').waitFor()
  await card.locator('[data-test=adopt]').waitFor()
  await shot(member.page, 'm-posts-new-post')

  await row.locator('[data-test=close]').click()
  await page.locator('.el-message-box').getByRole('button', { name: '关闭岗位' }).click()
  await page.getByText('岗位已关闭').waitFor()
  await row.locator('[data-test=reopen]').waitFor()
  check((await row.locator('[data-test=post-status]').innerText()).trim() === '已关闭', 'the closed post is shown closed')
  await shot(page, 'admin-posts-closed')

  await member.page.reload()
  await card.getByText('已关闭').waitFor()
  check((await card.locator('[data-test=adopt]').count()) === 0, 'a closed post still offers adoption')
  await shot(member.page, 'm-posts-closed')
  await member.context.close()
  await admin.context.close()
})

await flow('the community admin creates a reward and restocks it; the volunteer sees the new stock; taken off, it leaves the store', async () => {
  const admin = await consolePage('积分商城')
  const page = admin.page
  const table = page.locator('[data-test=rewards]')
  await table.locator('.el-table__row').filter({ hasText: '洗衣液' }).first().waitFor()
  await shot(page, 'admin-store')

  await page.locator('[data-test=new-reward]').click()
  const dialog = page.locator('.el-dialog').filter({ hasText: '新建礼品' })
  const name = `环保购物袋（浏览器测试 ${Date.now()}）`
  await dialog.getByPlaceholder('如：大米 5 斤、理发券').fill(name)
  await typeNumber(dialog.locator('[data-test=reward-price] input'), 20)
  await typeNumber(dialog.locator('[data-test=reward-initial-stock] input'), 3)
  await shot(page, 'admin-store-new')
  await dialog.locator('[data-test=create-reward]').click()
  await page.getByText('礼品已上架').first().waitFor()
  const row = table.locator('.el-table__row').filter({ hasText: name })
  await row.locator('[data-test=reward-stock]').getByText('3', { exact: true }).waitFor()

  await row.locator('[data-test=restock]').click()
  await page.locator('.el-message-box input').fill('5')
  await page.locator('.el-message-box').getByRole('button', { name: '补货' }).click()
  await page.getByText('已补货 5 件').waitFor()
  await row.locator('[data-test=reward-stock]').getByText('8', { exact: true }).waitFor()
  await shot(page, 'admin-store-restocked')

  const volunteer = await phonePage('volunteer', '积分商城')
  const offered = volunteer.page.locator('[data-test^=reward-]').filter({ hasText: name })
  await offered.getByText('剩余 8 件').waitFor()
  await shot(volunteer.page, 'm-store-new-reward')

  await row.locator('[data-test=deactivate]').click()
  await page.locator('.el-message-box').getByRole('button', { name: '下架', exact: true }).click()
  await page.getByText('礼品已下架').waitFor()
  await row.locator('[data-test=reward-state]').getByText('已下架').waitFor()
  await row.locator('[data-test=activate]').waitFor()

  await volunteer.page.reload()
  await volunteer.page.locator('[data-test^=reward-]').filter({ hasText: '洗衣液' }).first().waitFor()
  check((await offered.count()) === 0, 'the reward taken off is still in the store')
  await volunteer.context.close()
  await admin.context.close()
})

await flow('the community admin changes an earning rule within the bound and sees the saved value after a reload', async () => {
  const admin = await consolePage('积分规则')
  const page = admin.page
  const cap = page.locator('[data-test=rule-cap] input')
  await cap.waitFor()
  await page.locator('[data-test=tiers]').getByText('志愿者').first().waitFor()
  await shot(page, 'admin-rules')
  const before = Number(await cap.inputValue())
  check(before > 1, `an activity cap to lower (got ${before})`)

  // Above what the street (or the defaults) allows: the form says so and sends nothing.
  const wish = page.locator('[data-test=rule-wish] input')
  const wishBefore = await wish.inputValue()
  await typeNumber(wish, 1000)
  await page.getByText(/心愿积分不能高于(街道|系统默认)的 \d+/).waitFor()
  await shot(page, 'admin-rules-invalid')
  await typeNumber(wish, wishBefore)
  await page.getByText(/心愿积分不能高于/).waitFor({ state: 'detached' })

  await typeNumber(cap, before - 1)
  await page.locator('[data-test=save-rules]').click()
  await page.locator('.el-message-box input').fill('社区两委会议调整积分标准')
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
  await page.getByText('积分规则已保存').waitFor()

  await page.reload()
  await page.locator('[data-test=rules-source]').getByText('本社区自定标准').waitFor()
  await page.waitForFunction((expected) => document.querySelector('[data-test=rule-cap] input')?.value === expected, String(before - 1))
  await shot(page, 'admin-rules-saved')
  await admin.context.close()
})

await browser.close()
const seconds = (Date.now() - started) / 1000
const inaccessible = Object.keys(accessibility).length
const failed = results.filter((r) => !r.ok).length + (consoleErrors.length ? 1 : 0) + (inaccessible ? 1 : 0)
for (const error of consoleErrors) console.log(`console error: ${error}`)
for (const [name, violations] of Object.entries(accessibility)) {
  for (const violation of violations) console.log(`accessibility ${name}: ${violation}`)
}
const summary = { seconds, first_contentful_paint_ms: firstPaintMs, photographing, results, console_errors: consoleErrors, accessibility }
writeFileSync(join(artifacts, 'summary.json'), JSON.stringify(summary, null, 2))
console.log(`browser flows: ${seconds.toFixed(1)} s; first contentful paint of /m/ ${firstPaintMs?.toFixed(0)} ms; ${photographing.pages} screenshots (${(photographing.screenshots_ms / 1000).toFixed(1)} s) and accessibility checks (${(photographing.axe_ms / 1000).toFixed(1)} s) in ${artifacts}`)
console.log(`${results.length - results.filter((r) => !r.ok).length} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
