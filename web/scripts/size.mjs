// Page weight of the built sites, gzipped: the first load (index.html and the scripts, module
// preloads and style sheets it names) and the whole site. Fails when the mobile site's first load
// is over its budget (issue 12: 300 KB gzipped, for phones on mobile networks).
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'

const dist = fileURLToPath(new URL('../dist', import.meta.url))
const budgets = { m: 300 * 1024, admin: Infinity }
const gz = (path) => gzipSync(readFileSync(path), { level: 9 }).length
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}

let failed = false
for (const [site, budget] of Object.entries(budgets)) {
  const root = join(dist, site)
  if (!existsSync(join(root, 'index.html'))) continue
  const html = readFileSync(join(root, 'index.html'), 'utf8')
  const named = new Set([...html.matchAll(/(?:src|href)="\/[^/]+\/([^"]+)"/g)].map((m) => m[1]))
  const first = gz(join(root, 'index.html')) + [...named].reduce((sum, f) => sum + gz(join(root, f)), 0)
  const whole = files(root).reduce((sum, f) => sum + gz(f), 0)
  const over = first > budget
  failed ||= over
  console.log(`/${site}/: first load ${kb(first)} gzipped, whole site ${kb(whole)}` + (over ? ` — OVER the ${kb(budget)} budget` : ''))
}
if (failed) process.exit(1)
