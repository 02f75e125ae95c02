// The volunteer activities' flows: the community admin creates and publishes an activity, the
// volunteer signs up on the phone, the console's code screen shows the rotating code, and the
// volunteer checks in by typing it — after a mistyped code is refused in Chinese.
import { base, check, flow, shot, consolePage, phonePage } from './helpers.mjs'

export async function run() {
  await flow('the admin creates and publishes an activity; the volunteer signs up and checks in by typing the code on the admin\'s screen; a wrong code is refused in Chinese', async () => {
    const admin = await consolePage('志愿活动')
    const page = admin.page
    const table = page.locator('[data-test=activities]')
    await table.waitFor()
    await page.locator('[data-test=new-activity]').click()
    const dialog = page.locator('.el-dialog').filter({ hasText: '新建志愿活动' })
    const title = `清洁家园（浏览器测试 ${Date.now()}）`
    await dialog.locator('[data-test=activity-title]').fill(title)
    await dialog.locator('[data-test=activity-category]').click()
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: /^清洁家园$/ }).click()
    await dialog.locator('[data-test=activity-address]').fill('大拱桥社区党群服务中心')
    // The form's default time starts within a quarter of an hour: check-in (from half an hour
    // before the start) is open at once.
    await shot(page, 'admin-activity-new')
    await dialog.locator('[data-test=create-activity]').click()
    await page.getByText('活动已保存为草稿').waitFor()
    const row = table.locator('.el-table__row').filter({ hasText: title })
    await row.locator('[data-test=activity-state]').getByText('草稿').waitFor()
    await row.locator('[data-test=publish]').click()
    await page.getByText('活动已发布').waitFor()
    await row.locator('[data-test=activity-state]').getByText('招募中').waitFor()
    await shot(page, 'admin-activities')

    const volunteer = await phonePage('volunteer', '活动')
    const phone = volunteer.page
    const card = phone.locator('[data-test^=activity-]').filter({ hasText: title })
    await card.locator('[data-test=ACTION_SIGN_UP]').click()
    await phone.locator('.van-dialog').getByText('报名成功').waitFor()
    await phone.locator('.van-dialog').getByRole('button', { name: '知道了' }).click()
    await card.locator('[data-test=my-state]').getByText('已报名').waitFor()
    await card.locator('[data-test=ACTION_CHECK_IN]').waitFor()
    await shot(phone, 'm-activities')

    // The organiser's screen: the code as a QR code and as 6 digits.
    await row.locator('[data-test=show-code]').click()
    const digitsBox = page.locator('[data-test=code-digits]')
    await page.waitForFunction(() => /^\d{6}$/.test(document.querySelector('[data-test=code-digits]')?.textContent?.trim() ?? ''))
    await page.locator('[data-test=code-qr]').waitFor()
    await shot(page, 'admin-checkin-code')

    // A mistyped code: refused, in Chinese, and the box stays open for another try.
    volunteer.expectRefusal(/:check-in$/)
    await card.locator('[data-test=ACTION_CHECK_IN]').click()
    const form = phone.locator('[data-test=checkin-form]')
    const digits = (await digitsBox.innerText()).trim()
    await form.locator('[data-test=checkin-code] input').fill(digits === '000000' ? '111111' : '000000')
    await form.locator('[data-test=checkin-submit]').click()
    await form.locator('[data-test=checkin-refusal]').getByText('签到码不正确，请核对现场屏幕上的 6 位数字').waitFor()
    await shot(phone, 'm-checkin-refused')
    // The code now on the screen (it may have turned meanwhile; the previous one is still good).
    const current = (await digitsBox.innerText()).trim()
    check(/^\d{6}$/.test(current), `the screen shows 6 digits (got ${current})`)
    await form.locator('[data-test=checkin-code] input').fill(current)
    await form.locator('[data-test=checkin-submit]').click()
    await phone.getByText('签到成功').waitFor()
    await card.locator('[data-test=my-state]').getByText('已报名 · 已签到').waitFor()
    await card.locator('[data-test=ACTION_CHECK_OUT]').waitFor()

    // The detail and my activities say the same.
    await card.locator('.van-cell').first().click()
    await phone.locator('[data-test=my-check-in]').waitFor()
    await shot(phone, 'm-activity')
    await phone.goto(`${base}/m/my-activities`)
    await phone.locator('[data-test^=participation-]').filter({ hasText: title }).getByText('已签到').waitFor()
    await phone.locator('[data-test=my-credit]').waitFor()
    await shot(phone, 'm-my-activities')

    // The roster shows the check-in.
    await page.goto(page.url().replace(/\/code$/, '/roster'))
    await page.locator('[data-test=roster] .el-table__row').filter({ hasText: '杨丽' }).locator('[data-test=check-in]').getByText(/\d{4}\/\d{2}\/\d{2}/).waitFor()
    await shot(page, 'admin-roster')
    await volunteer.context.close()
    await admin.context.close()
  })
}
