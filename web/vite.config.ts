import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The server serves `dist/` at `/` and GraphQL at `/graphql` on the same origin, so the UI always
// calls the relative URL. In `vite dev` the proxy below stands in for that same-origin setup.
export default defineConfig({
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/graphql': 'http://127.0.0.1:4000',
    },
  },
  preview: {
    host: '127.0.0.1',
  },
});
