import { defineConfig } from 'vite'
import solid from 'vite-plugin-solid'
import { firstVisitSize } from './build/first-visit-size.ts'
import { serviceWorker } from './build/service-worker.ts'

// The relay serves dist/ in production; in development, vite proxies the API and the relay.
// Two entries: the app (index.html) and /embed.js, the <parley-chat> element host pages load by
// that fixed name (src/embed/parley-chat.ts imports nothing of the app, so nothing is shared).
export default defineConfig({
  plugins: [solid(), firstVisitSize(150, { except: ['embed'] }), serviceWorker()],
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8787',
      '/sync': { target: 'ws://127.0.0.1:8787', ws: true },
    },
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      input: { app: 'index.html', embed: 'src/embed/parley-chat.ts' },
      output: { entryFileNames: (chunk) => (chunk.name === 'embed' ? 'embed.js' : 'assets/[name]-[hash].js') },
    },
  },
})
