// A commendation round end to end, in the console and on the phone, with its CSV for Excel.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { base, check, newPage, flow, shot, phone, desktop, browser, shared } from './helpers.mjs'

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

export async function run() {
  await flow('a commendation round end to end: created, decided, published; a volunteer objects from the phone; one objection upheld, one dismissed; the notice days pass; finalized with its CSV for Excel', async () => {
    const { context, page, expectRefusal } = await newPage(browser, desktop)
    await page.goto(`${base}/admin/sign-in`)
    await page.locator('[data-test=identity-community-admin]').waitFor()
    await shot(page, 'admin-sign-in')
    await page.locator('[data-test=identity-community-admin]').click()
    await page.getByText('在册志愿者').waitFor()
    await page.getByRole('menuitem', { name: '评优表彰' }).click()
    await page.locator('[data-test=new-round]').click()
    shared.roundTitle = `年度优秀志愿者（浏览器测试 ${Date.now()}）`
    await page.getByPlaceholder('如：2026年度优秀志愿者').fill(shared.roundTitle)
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
    // The demo volunteer 杨丽 must be a candidate: she is the one an objection is dismissed against,
    // so she is confirmed and commended, and her record must show it. Of the others, the first is
    // struck before publishing and an objection against the second is upheld (struck too).
    const dismissedOne = candidates.find((c) => c.id === shared.volunteerId)
    check(dismissedOne, `the demo volunteer (${shared.volunteerId}) is among the candidates ${candidates.map((c) => c.name).join('、')}`)
    const [struck, upheldOne] = candidates.filter((c) => c !== dismissedOne)
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
    check(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/.test(until), `the notice shows its end date and time (got ${until})`)
    for (const c of candidates.filter((c) => c !== struck)) await notice.locator(`[data-test="candidate-${c.id}"]`).getByText(c.name).waitFor()
    check((await notice.locator(`[data-test="candidate-${struck.id}"]`).count()) === 0, `the struck ${struck.name} is on the notice`)
    await shot(m, 'm-notices')
    const objections = { upheld: '该同志本年度服务时长有重复登记', dismissed: '该同志很少参加社区活动' }
    for (const [candidate, text] of [[upheldOne, objections.upheld], [dismissedOne, objections.dismissed]]) {
      await notice.locator(`[data-test="object-${candidate.id}"]`).click()
      await m.getByPlaceholder('请写明事实和理由，社区将核实处理').fill(text)
      if (candidate === upheldOne) await shot(m, 'm-notices-objecting')
      await m.locator('[data-test=submit-objection]').click()
      // The toast closes after 2 s: looked for straight after the click.
      await m.getByText('异议已提交，社区将核实处理').first().waitFor()
      await notice.locator('[data-test^=my-objection-]').filter({ hasText: text }).getByText('待社区核实').waitFor()
    }

    // The console: the objections and their resolution; finalizing waits for the notice's end.
    await page.reload()
    await page.locator('.el-table__row').filter({ hasText: shared.roundTitle }).click()
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
    // Her dashboard read after the round is final: the commendation is on it.
    check(commended.includes(dismissedOne), `${dismissedOne.name} is commended`)
    const dashboardRead = m.waitForResponse((r) => /\/v1\/volunteers\/me\/dashboard/.test(r.url()) && r.ok())
    await m.getByText('服务记录').click()
    await dashboardRead
    await m.getByText('按月服务时长').waitFor()
    await m.getByText(shared.roundTitle).waitFor()
    await shot(m, 'm-records')
    await volunteer.context.close()
  })
}
