// Lets a child process of a test run the TypeScript sources as Jest does (SWC, the same
// options and path aliases): `node -r ./test/support/register-ts.cjs file.ts`. For tests that
// need a process of their own, e.g. tracing, which must wrap modules before they load.
const { addHook } = require('pirates');
const { transformSync } = require('@swc/core');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '../..');
const swc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8').replace(/^\s*\/\/.*$/gm, ''));
swc.jsc.baseUrl = root;
swc.jsc.paths = Object.fromEntries(Object.entries(compilerOptions.paths).filter(([alias]) => alias.startsWith('@stagebank/')));
addHook((code, filename) => transformSync(code, { ...swc, swcrc: false, filename }).code, { exts: ['.ts'], ignoreNodeModules: true });
