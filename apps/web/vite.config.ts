import { defineConfig } from 'vite'
import solid from 'vite-plugin-solid'
import { firstVisitSize } from './build/first-visit-size.ts'
import { serviceWorker } from './build/service-worker.ts'

// The relay serves dist/ in production; in development, vite proxies the API and the relay.
export default defineConfig({
  plugins: [solid(), firstVisitSize(150), serviceWorker()],
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8787',
      '/sync': { target: 'ws://127.0.0.1:8787', ws: true },
    },
  },
  build: { target: 'es2022', sourcemap: true },
})
