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
//
// The flows live in tests/flows/ (phone, rounds, console, activities, broadcasts; helpers.mjs shared): run in this order,
// each later one may use what an earlier one left in `shared`.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { accessibility, artifacts, consoleErrors, launch, photographing, results, shared, started } from './flows/helpers.mjs'
import { run as phoneFlows } from './flows/phone.mjs'
import { run as roundFlows } from './flows/rounds.mjs'
import { run as consoleFlows } from './flows/console.mjs'
import { run as activityFlows } from './flows/activities.mjs'
import { run as broadcastFlows } from './flows/broadcasts.mjs'

const browser = await launch()
await phoneFlows()
await roundFlows()
await consoleFlows()
await activityFlows()
await broadcastFlows()

await browser.close()
const seconds = (Date.now() - started) / 1000
const inaccessible = Object.keys(accessibility).length
const failed = results.filter((r) => !r.ok).length + (consoleErrors.length ? 1 : 0) + (inaccessible ? 1 : 0)
for (const error of consoleErrors) console.log(`console error: ${error}`)
for (const [name, violations] of Object.entries(accessibility)) {
  for (const violation of violations) console.log(`accessibility ${name}: ${violation}`)
}
const summary = { seconds, first_contentful_paint_ms: shared.firstPaintMs, photographing, results, console_errors: consoleErrors, accessibility }
writeFileSync(join(artifacts, 'summary.json'), JSON.stringify(summary, null, 2))
console.log(`browser flows: ${seconds.toFixed(1)} s; first contentful paint of /m/ ${shared.firstPaintMs?.toFixed(0)} ms; ${photographing.pages} screenshots (${(photographing.screenshots_ms / 1000).toFixed(1)} s) and accessibility checks (${(photographing.axe_ms / 1000).toFixed(1)} s) in ${artifacts}`)
console.log(`${results.length - results.filter((r) => !r.ok).length} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
