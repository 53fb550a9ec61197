import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const bffPort = process.env.PORT ?? '8080';

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
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start real redis-server processes; two cores are shared between them.
    maxWorkers: 2,
    env: { HOTKEYS_LOG: 'silent' },
  },
});
