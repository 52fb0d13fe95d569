#!/usr/bin/env node
// Builds the web app's persisted operations: every GraphQL document in apps/web/src, as the
// browser will send it, hashed (sha256 of the exact text). The API, with
// PERSISTED_OPERATIONS=browser, answers a browser (a request with an Origin header) only
// documents on this list. Run by `npm run build:web` after Vite, into dist/web.
//
// Documents are template literals built from constants (`${FIELDS}`); the script folds those the
// way the browser will, from const declarations in the same file. A document it cannot fold
// (a substitution that is not a constant) fails the build: it could never pass in production.
//
// Options: --src DIR (default apps/web/src) --out FILE (default dist/web/persisted-operations.json).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : join(root, fallback);
};
const srcDir = option('src', 'apps/web/src');
const outFile = option('out', 'dist/web/persisted-operations.json');

const files = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
const START = /^\s*(query|mutation|subscription|\{)/;
const UNFOLDABLE = Symbol('unfoldable');

/** Each file's const declarations, and the exported ones of all files (for a constant imported by name). */
function constantsOf(sources) {
  const local = new Map();
  const exported = new Map();
  for (const source of sources) {
    const constants = new Map();
    const visit = (node) => {
      if (
        ts.isVariableDeclaration(node) &&
        ts.isIdentifier(node.name) &&
        node.initializer &&
        ts.isVariableDeclarationList(node.parent) &&
        node.parent.flags & ts.NodeFlags.Const
      ) {
        constants.set(node.name.text, node.initializer);
        const statement = node.parent.parent;
        if (ts.isVariableStatement(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword))
          exported.set(node.name.text, node.initializer);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    local.set(source, constants);
  }
  return { local, exported };
}

/** The GraphQL documents in `sources` (TypeScript source files), and what could not be folded. */
export function documentsOf(sources) {
  const { local, exported } = constantsOf(sources);
  const found = [];
  const problems = [];
  for (const source of sources) scan(source, local.get(source), exported, found, problems);
  return { documents: found, problems };
}

function scan(source, constants, exported, found, problems) {
  const fileName = source.fileName;
  const fold = (node, seen = new Set()) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) return fold(node.expression, seen);
    if (ts.isTemplateExpression(node)) {
      let out = node.head.text;
      for (const span of node.templateSpans) {
        const value = fold(span.expression, seen);
        if (value === UNFOLDABLE) return UNFOLDABLE;
        out += value + span.literal.text;
      }
      return out;
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const [a, b] = [fold(node.left, seen), fold(node.right, seen)];
      return a === UNFOLDABLE || b === UNFOLDABLE ? UNFOLDABLE : a + b;
    }
    if (ts.isIdentifier(node) && !seen.has(node.text)) {
      // Exported constants are assumed to be named uniquely across the app (a clash would fold the wrong one).
      const target = constants.get(node.text) ?? exported.get(node.text);
      if (target) return fold(target, new Set([...seen, node.text]));
    }
    return UNFOLDABLE;
  };
  const literals = (node) => {
    if (ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isStringLiteral(node)) {
      const head = ts.isTemplateExpression(node) ? node.head.text : node.text;
      // A fragment of a document (a field list constant) is folded where it is used, not listed itself.
      if (START.test(head)) {
        const value = fold(node);
        const where = `${relative(root, fileName)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        if (value === UNFOLDABLE) problems.push(`${where}: a GraphQL document built from something other than constants`);
        else {
          try {
            parse(value);
            found.push(value);
          } catch {
            // Not GraphQL after all (a CSS rule, a JSON example): not a document.
          }
        }
      }
      return;
    }
    ts.forEachChild(node, literals);
  };
  literals(source);
}

export const sourceOf = (fileName, text) =>
  ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);

export const hashOf = (document) => createHash('sha256').update(document).digest('hex');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { documents, problems } = documentsOf(files(srcDir).map((file) => sourceOf(file, readFileSync(file, 'utf8'))));
  const all = new Set(documents);
  if (problems.length) {
    console.error(`persisted operations: cannot list\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${JSON.stringify({ sha256: [...all].map(hashOf).sort() }, null, 1)}\n`);
  console.log(`persisted operations: ${all.size} documents from ${relative(root, srcDir)} → ${relative(root, outFile)}`);
}
