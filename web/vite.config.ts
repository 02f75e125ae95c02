// One Vite project, two sites: `vite build --mode m` builds the volunteer mobile site into
// dist/m (served at /m/), `--mode admin` the admin console into dist/admin (served at /admin/).
// Each site is its own page root so neither's first load carries the other's libraries.
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { VantResolver } from '@vant/auto-import-resolver'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

const sites = ['m', 'admin'] as const
type Site = (typeof sites)[number]

export default defineConfig(({ mode }) => {
  if (!sites.includes(mode as Site)) {
    throw new Error(`--mode must be one of ${sites.join(', ')} (got ${mode})`)
  }
  const site = mode as Site
  return {
    root: fileURLToPath(new URL(`./src/${site}`, import.meta.url)),
    base: `/${site}/`,
    publicDir: false,
    resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
    plugins: [
      vue(),
      // Components are imported where used (and their CSS with them): the first load carries
      // only what the first page shows.
      Components({
        dts: false,
        resolvers: site === 'm' ? [VantResolver()] : [ElementPlusResolver()],
      }),
    ],
    build: {
      outDir: fileURLToPath(new URL(`./dist/${site}`, import.meta.url)),
      emptyOutDir: true,
      // Hashed file names under assets/: the gateway lets browsers keep them for a year.
      assetsDir: 'assets',
      chunkSizeWarningLimit: 1200,
    },
    server: {
      // `npm run dev:m` against a running gateway (scripts/up).
      proxy: { '/v1': 'http://127.0.0.1:8080', '/dev': 'http://127.0.0.1:8080' },
    },
  }
})
