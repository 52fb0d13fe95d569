// Lets a spawned `node -r ./test/support/swc-register.js apps/…/main.ts` run the TypeScript sources
// as Jest does (the same SWC settings and path aliases), so a test can start a real process without a build.
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');

const root = join(__dirname, '../..');
const swc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8').replace(/^\s*\/\/.*$/gm, ''));
swc.jsc.baseUrl = root;
swc.jsc.paths = Object.fromEntries(Object.entries(compilerOptions.paths).filter(([alias]) => alias.startsWith('@stagebank/')));

Module._extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...swc, swcrc: false, filename });
  module._compile(code, filename);
};
