// Build and dev server for the web app. The dev server proxies the API,
// terminal websockets and port previews to a sandbox server on :4000.
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// Its exports map hides package.json; min/vs/index.js is two levels down.
const monacoDir = resolve(dirname(require.resolve('monaco-editor')), '../..');
const server = process.env.DOCKYARD_SERVER ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [svelte()],
  resolve: {
    alias: [
      { find: /^\$lib\//, replacement: `${resolve(here, 'src/lib')}/` },
      // The wire protocol is compiled from the server's source, so the web
      // build does not depend on the server having been built first.
      { find: '@dockyard/sandbox-server/protocol', replacement: resolve(here, '../sandbox-server/src/protocol.ts') },
      // monaco-editor >= 0.56 only exports paths without "esm/vs/", but
      // monaco-yaml's worker (through monaco-worker-manager) imports the old
      // deep path; point it at the file itself.
      { find: /^monaco-editor\/esm\/vs\/(.*)$/, replacement: `${monacoDir}/esm/vs/$1` },
    ],
  },
  build: {
    target: 'es2022',
    manifest: true,
    // Monaco is one large lazily loaded chunk by design; budget is checked by scripts/size.mjs.
    chunkSizeWarningLimit: 5000,
  },
  worker: { format: 'es' },
  // Found late otherwise (inside a worker), which makes the dev server reload the page once.
  optimizeDeps: { include: ['monaco-yaml/yaml.worker.js', 'dockerfile-utils'] },
  server: {
    proxy: {
      '/api': { target: server, ws: true },
      '/healthz': { target: server },
      '/s/': { target: server, ws: true },
    },
  },
  preview: {
    proxy: {
      '/api': { target: server, ws: true },
      '/healthz': { target: server },
      '/s/': { target: server, ws: true },
    },
  },
});
