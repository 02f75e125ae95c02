// The inbox and 微广播: the community admin sends an urgent call-out from the console; the demo
// volunteer sees the unread count on 我的, opens 消息, answers 我来; the admin's open card counts the
// answer without being reloaded. Then the console's 事件推送 page refuses an address that is not a
// URL in Chinese before anything is sent.
import { check, flow, shot, consolePage, phonePage } from './helpers.mjs'

export async function run() {
  await flow('a call-out reaches the volunteer\'s inbox, they answer 我来, and the admin sees it counted live', async () => {
    const admin = await consolePage('微广播')
    const title = `扫雪除冰志愿者召集 ${Date.now() % 100000}`
    await admin.page.locator('[data-test=new-call-out]').click()
    const form = admin.page.locator('[data-test=broadcast-form]')
    await form.locator('[data-test=broadcast-title]').fill(title)
    await form.locator('[data-test=broadcast-body]').fill('今晚有暴雪，请有空的志愿者到社区领取工具，一起清扫楼院和主干道积雪。')
    await form.locator('[data-test=call-out-place]').fill('大拱桥社区党群服务中心门前')
    await admin.page.locator('[data-test=send-broadcast]').click()
    await admin.page.getByText('召集已发出').waitFor()
    const card = admin.page.locator('.el-dialog').filter({ hasText: title })
    await card.locator('[data-test=live-coming]').waitFor()
    check((await card.locator('[data-test=live-coming]').innerText()).trim() === '0', 'nobody has answered yet')
    await shot(admin.page, 'admin-broadcasts')

    // Delivered in the background: the card says so (read again every 5 seconds) once every
    // recipient's message is in.
    await card.getByText(/^\d+ 人$/).waitFor({ timeout: 15000 })

    const volunteer = await phonePage('volunteer', '我的')
    // The dashboard is kept for 3 seconds per person: one composed before the delivery may still
    // be served, so it is asked again until the badge shows (10 seconds at most).
    const badge = volunteer.page.locator('[data-test=unread-count]')
    const until = Date.now() + 10000
    while (!(await badge.count()) && Date.now() < until) {
      await volunteer.page.reload()
      await volunteer.page.locator('[data-test=my-name]').waitFor()
    }
    check((await badge.count()) === 1, 'the unread count shows on 我的')
    await volunteer.page.locator('[data-test=my-inbox]').click()
    const message = volunteer.page.locator('[data-test^=message-]').filter({ hasText: title })
    await message.waitFor()
    check((await message.locator('[data-test=unread-dot]').count()) === 1, 'the call-out is unread')
    await shot(volunteer.page, 'm-inbox')
    await message.locator('[data-test=answer-coming]').click()
    await volunteer.page.getByText('已回复：我来').first().waitFor()
    await message.locator('[data-test=my-reply]').getByText('我已回复：我来').waitFor()
    check((await message.locator('[data-test=unread-dot]').count()) === 0, 'answering read the message')

    // The admin's card is read again every 5 seconds: the answer is counted without a reload.
    await card.locator('[data-test=live-coming]').getByText('1').waitFor({ timeout: 15000 })
    await admin.context.close()
    await volunteer.context.close()
  })

  await flow('the console refuses a webhook address that is not a URL, in Chinese', async () => {
    const admin = await consolePage('事件推送')
    await admin.page.locator('[data-test=webhooks]').waitFor()
    await admin.page.locator('[data-test=new-webhook]').click()
    await admin.page.locator('[data-test=webhook-url]').fill('grid system')
    await admin.page.locator('[data-test=create-webhook]').click()
    await admin.page.getByText('请填写 https:// 开头的完整地址').waitFor()
    await shot(admin.page, 'admin-webhooks')
    await admin.context.close()
  })
}
