import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const bffPort = process.env.PORT ?? '8080';

const TESTS = ['src/**/*.test.ts', 'src/**/*.test.tsx'];
/**
 * Tests whose assertions rest on what a probe or a rate measures against a real server (latency budgets,
 * sampled rates, request timeouts): they run one at a time after the others, so that no other test file's
 * CPU shows up in their figures.
 */
const RUN_ALONE = [
  'src/server/sources/redis/sample/**/*.test.ts',
  'src/server/sources/redis/scan/run-lfu-scan-budget.test.ts',
  'src/server/sources/redis/probe/impact-probes.test.ts',
  'src/server/sources/dcs/dcs-resilience.test.ts',
];

export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 700,
  },
  server: {
    // `npm run dev:server` serves the API; Vite proxies to it during SPA development.
    // changeOrigin: the BFF serves only its own Host names, and the dev server's is not one of them.
    proxy: { '/api': { target: `http://127.0.0.1:${bffPort}`, changeOrigin: true } },
  },
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { HOTKEYS_LOG: 'silent' },
    projects: [
      {
        extends: true,
        // Integration tests start real redis-server processes; two cores are shared between them.
        test: { name: 'shared', include: TESTS, exclude: RUN_ALONE, maxWorkers: 2, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'alone', include: RUN_ALONE, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
