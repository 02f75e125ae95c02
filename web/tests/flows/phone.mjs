// The phone site's flows: signing in, the wish wall, the store and its pickup code handed out in
// the console, a party member's post and logged hours, an expired token.
import { base, secretFile, check, expiredToken, newPage, flow, shot, phone, desktop, browser, shared } from './helpers.mjs'

// { order_id, pickup_code } of the volunteer's order, for the admin to hand out
let redeemed = null

export async function run() {
  await flow('the demo volunteer signs in, claims a wish from the wall, and it leaves the wall', async () => {
    const { context, page } = await newPage(browser, phone)
    await page.goto(`${base}/m/`)
    await page.getByText('开发环境：选择演示身份').waitFor()
    shared.firstPaintMs = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    )
    check(page.url().endsWith('/m/sign-in?next=/me'), `signed out, /m/ shows sign-in (at ${page.url()})`)
    await shot(page, 'm-sign-in')
    await page.locator('[data-test=identity-volunteer]').click()
    await page.locator('[data-test=my-name]').getByText('杨丽').waitFor()
    shared.volunteerId = await page.evaluate(() => JSON.parse(atob(sessionStorage.getItem('tongxin.token').split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).sub)
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

  await flow('the volunteer asks for a 志愿服务证明, downloads its PDF, and anyone verifies it without signing in', async () => {
    const { context, page } = await newPage(browser, phone)
    await page.goto(`${base}/m/sign-in`)
    await page.locator('[data-test=identity-volunteer]').click()
    await page.locator('[data-test=my-name]').waitFor()
    await page.locator('[data-test=my-certificates]').click()
    // Four years back to today: the demo's records lie in it (the period may span five years).
    const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
    const start = `${Number(today.slice(0, 4)) - 4}${today.slice(4)}`
    await page.locator('[data-test=period-start] input').fill(start)
    await page.locator('[data-test=period-end] input').fill(today)
    const answer = page.waitForResponse((r) => r.url().includes('/certificates') && r.request().method() === 'POST')
    await page.locator('[data-test=issue]').click()
    const issued = await (await answer).json()
    check(/^[0-9A-Z]{17}$/.test(issued.serial ?? ''), `a 17-character serial (got ${JSON.stringify(issued).slice(0, 200)})`)
    const row = page.locator(`[data-test="certificate-${issued.serial}"]`)
    await row.getByText('有效').waitFor()
    await shot(page, 'm-certificates')
    const download = page.waitForEvent('download')
    await row.click()
    const pdf = await download
    check(pdf.suggestedFilename().endsWith('.pdf'), `the download is a PDF (named ${pdf.suggestedFilename()})`)
    await context.close()

    // The QR code's page, opened by someone with no session: the status and the masks only.
    const stranger = await newPage(browser, phone)
    await stranger.page.goto(`${base}/verify/${issued.serial}`)
    await stranger.page.locator('[data-test=verify-status]').waitFor()
    const text = await stranger.page.locator('body').innerText()
    check(text.includes('有效'), 'the verify page says the certificate is valid')
    check(text.includes('杨*') && !text.includes('杨丽'), 'the verify page shows the masked name only')
    await shot(stranger.page, 'm-verify')
    await stranger.context.close()
  })

  await flow('an expired token returns the person to sign-in with a message', async () => {
    check(secretFile, 'TONGXIN_JWT_SECRET_FILE is not set')
    const { context, page } = await newPage(browser, phone, true)
    await page.goto(`${base}/m/me#token=${expiredToken(shared.volunteerId || 'nobody')}`)
    await page.locator('[data-test=sign-in-notice]').getByText('登录已过期，请重新登录').waitFor()
    check(page.url().includes('/m/sign-in'), `the expired session is at sign-in (at ${page.url()})`)
    check((await page.evaluate(() => sessionStorage.getItem('tongxin.token'))) === null, 'the expired token was kept')
    await shot(page, 'm-expired')
    // The new pages too: the phone's 评优公示, and the console's work queue with its pending volunteers.
    await page.goto(`${base}/m/notices#token=${expiredToken(shared.volunteerId || 'nobody')}`)
    await page.locator('[data-test=sign-in-notice]').getByText('登录已过期，请重新登录').waitFor()
    check(/\/m\/sign-in\?next=.*notices/.test(page.url()), `the expired 评优公示 is at sign-in (at ${page.url()})`)
    await page.goto(`${base}/admin/queue#token=${expiredToken('demo-community-admin', 'community_admin', ['411502001002'])}`)
    await page.locator('[data-test=sign-in-notice]').getByText('登录已过期，请重新登录').waitFor()
    check(/\/admin\/sign-in\?next=.*queue/.test(page.url()), `the expired console is at sign-in (at ${page.url()})`)
    check((await page.evaluate(() => sessionStorage.getItem('tongxin.token'))) === null, 'the expired admin token was kept')
    await context.close()
  })
}
