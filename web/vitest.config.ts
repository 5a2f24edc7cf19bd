import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Component tests (`npm test` runs them before the server's suites): happy-dom, no browser, no server.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    environmentOptions: { happyDOM: { url: 'http://localhost:8080/' } },
    // Two cores shared with the server suites: one worker process is enough for a few hundred milliseconds of tests.
    pool: 'threads',
    maxWorkers: 1,
    // The files share no state but the document, which src/test/setup.ts empties after each test.
    isolate: false,
  },
});
