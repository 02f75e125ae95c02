// What the browser flows share: the stack's address, the browser, pages with their console and
// response checks, the flow runner (which closes a flow's browser contexts however it ends),
// screenshots with their accessibility check, and the state one flow hands to another.
import { createHmac } from 'node:crypto'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { chromium } from 'playwright-core'

export const base = process.env.TONGXIN_WEB_URL ?? 'http://127.0.0.1:8080'
export const artifacts = process.env.TONGXIN_WEB_ARTIFACTS ?? 'browser-artifacts'
export const secretFile = process.env.TONGXIN_JWT_SECRET_FILE
mkdirSync(artifacts, { recursive: true })

export const started = Date.now()
export const results = []
export const consoleErrors = []
const timeout = 15000

export function check(condition, message) {
  if (!condition) throw new Error(message)
}

// A token that expired an hour ago, signed with the run's secret: the gateway refuses it as
// expired (401), not as forged.
export function expiredToken(subject, role = 'volunteer', scope = []) {
  const secret = readFileSync(secretFile, 'utf8').trim()
  const now = Math.floor(Date.now() / 1000)
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub: subject, role, scope, iss: 'tongxin', aud: 'tongxin', iat: now - 7200, exp: now - 3600 })}`
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`
}

export async function newPage(browser, viewport, expected401 = false) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', deviceScaleFactor: 1 })
  openContexts.push(context)
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

export // The browser contexts the running flow opened: closed when it ends, whether it passed or not.
const openContexts = []

export async function flow(name, body) {
  const t0 = Date.now()
  try {
    await body()
    results.push({ name, ok: true, ms: Date.now() - t0 })
    console.log(`ok   ${name} (${Date.now() - t0} ms)`)
  } catch (error) {
    results.push({ name, ok: false, ms: Date.now() - t0, error: String(error) })
    console.log(`FAIL ${name}: ${error}`)
  } finally {
    for (const context of openContexts.splice(0)) await context.close().catch(() => null)
  }
}

const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
export const accessibility = {} // page name → its serious and critical axe-core violations
export const photographing = { pages: 0, screenshots_ms: 0, axe_ms: 0 } // what the screenshots and checks cost

export const phone = { width: 390, height: 844 }
export const desktop = { width: 1440, height: 900 }

// Screenshots of a main page at both sizes (NAME-390.png, NAME-1440.png: the phone site on a PC
// and the console on a phone too), each with its accessibility check (axe-core, WCAG 2 A and AA
// rules); the page is left at the size it had.
export async function shot(page, name) {
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
    // A toast (Element Plus's message, Vant's toast) fades out while axe reads it, and a half-faded
    // one fails contrast it does not have at rest (seen at random on a loaded machine): left out.
    const context = { exclude: [['.el-message'], ['.van-toast']] }
    const result = await window.axe.run(context, { runOnly: ['wcag2a', 'wcag2aa'], resultTypes: ['violations'] })
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`)
  })
  if (violations.length) accessibility[name] = violations
  photographing.screenshots_ms += t1 - t0
  photographing.axe_ms += Date.now() - t1
  photographing.pages += 1
}

// The browser (launched by the runner, tests/browser.mjs) and what flows hand on.
export let browser = null
export const shared = {
  firstPaintMs: null, // of /m/, for the summary
  volunteerId: '', // the demo volunteer 杨丽's, once signed in
  roundTitle: '', // the round the round flow made, for the flows after it
}

export async function launch() {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  })
  return browser
}

export async function consolePage(menu) {
  const admin = await newPage(browser, desktop)
  await admin.page.goto(`${base}/admin/sign-in`)
  await admin.page.locator('[data-test=identity-community-admin]').click()
  await admin.page.getByText('在册志愿者').waitFor()
  await admin.page.getByRole('menuitem', { name: menu }).click()
  return admin
}

export async function phonePage(identity, tab) {
  const person = await newPage(browser, phone)
  await person.page.goto(`${base}/m/sign-in`)
  await person.page.locator(`[data-test=identity-${identity}]`).click()
  await person.page.locator('[data-test=my-name]').waitFor()
  await person.page.locator('.van-tabbar').getByText(tab).click()
  return person
}

// An Element Plus number box takes a typed value when it loses focus.
export async function typeNumber(box, value) {
  await box.fill(String(value))
  await box.press('Tab')
}
