import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built into dist/web by `npm run build`; the Levqor server serves it at `/` (src/server/web-app.ts).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // No inline scripts or data: URLs, so the app runs under a strict Content-Security-Policy.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/hooks': 'http://127.0.0.1:8080' } },
});
