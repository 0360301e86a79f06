import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './precompress';

const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = resolve(here, '../../dist/console');

// The gateway serves dist/console at /console/ (index.html for any extension-less /console/* path)
// under a strict CSP (script-src 'self'; style-src 'self'): the built HTML links one script and
// one stylesheet, nothing inline.
export default defineConfig({
  root: here,
  base: '/console/',
  plugins: [react(), precompress(outDir)],
  publicDir: resolve(here, 'public'),
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    // Never inline assets as data: URIs (CSP img-src/font-src may not allow them).
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
    reportCompressedSize: false,
  },
  server: {
    proxy: { '/me': 'http://127.0.0.1:8080' },
  },
});
