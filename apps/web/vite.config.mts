import { defineConfig } from 'vite';

/** The coordinators' web app: built into dist/web, which the API serves at /. */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: { outDir: '../../dist/web', emptyOutDir: true, sourcemap: true },
  oxc: { jsx: { runtime: 'automatic' } },
  server: { proxy: { '/graphql': { target: 'http://127.0.0.1:3000', ws: true } } },
});
