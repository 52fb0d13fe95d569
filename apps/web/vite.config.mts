import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const lib = (path: string) => fileURLToPath(new URL(`../../libs/${path}`, import.meta.url));

/** The coordinators' web app: built into dist/web, which the API serves at /. */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  // The domain's enums and names, shared with the API, so every label the app shows is checked against them.
  resolve: { alias: { '@stagebank/domain': lib('domain/src/index.ts'), '@stagebank/matching/types': lib('matching/src/types.ts') } },
  build: { outDir: '../../dist/web', emptyOutDir: true, sourcemap: true },
  oxc: { jsx: { runtime: 'automatic' } },
  server: { proxy: { '/graphql': { target: 'http://127.0.0.1:3000', ws: true } } },
});
