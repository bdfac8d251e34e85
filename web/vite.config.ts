import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev:web` proxies the API paths to a running API (npm start), so the console talks to the
// same origin in development as in production (the session cookie and the CSP rely on it).
const api = process.env.TURUMBA_API_URL ?? 'http://localhost:8080';
const proxied = ['/v1', '/openapi.json', '/docs', '/healthz', '/readyz'];

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), tailwindcss()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Hashed file names under /assets/ are what the API caches for a year.
    assetsDir: 'assets',
    sourcemap: false,
    // dist/.vite/manifest.json: which chunks each route loads (bench/console.ts measures the shell with it).
    manifest: true,
    reportCompressedSize: false,
    // The shell's budget is measured gzipped by bench/console.ts (250 KB); raw size is not the concern.
    chunkSizeWarningLimit: 700,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: api, changeOrigin: false }])),
  },
});
