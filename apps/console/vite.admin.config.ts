import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './precompress';

const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = resolve(here, '../../dist/admin-console');

// The admin console: a second entry (admin/index.html → src/admin/main.tsx) that shares src/ui
// with the customer console. The gateway serves dist/admin-console at /console/ on its ADMIN port
// only, under the same strict CSP (nothing inline). `npm run build:console` builds both.
export default defineConfig({
  root: resolve(here, 'admin'),
  base: '/console/',
  plugins: [react(), precompress(outDir)],
  publicDir: resolve(here, 'public'),
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
    reportCompressedSize: false,
  },
  server: {
    port: 5174,
    proxy: { '/console-api': 'http://127.0.0.1:8083' },
  },
});
