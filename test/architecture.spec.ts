import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * The layout's rules, checked on the source: what each part may import (static, value imports;
 * `import type` costs nothing at run time and is left alone).
 */
const ROOT = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.parentPath.includes('__tests__'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** The module specifiers a file imports for their values at load time. */
function staticImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly) found.push((statement.moduleSpecifier as ts.StringLiteral).text);
    if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) found.push((statement.moduleSpecifier as ts.StringLiteral).text);
  }
  return found;
}

const offenders = (files: string[], forbidden: (specifier: string, file: string) => boolean) =>
  files.flatMap((file) => staticImports(file).filter((specifier) => forbidden(specifier, file)).map((specifier) => `${file} imports ${specifier}`));

describe('architecture', () => {
  it('keeps the domain and the matching engine free of frameworks and databases', () => {
    const framework = (s: string) => /^(@nestjs\/|typeorm|pg$|@electric-sql\/|meilisearch|express|graphql)/.test(s) || s.startsWith('@stagebank/') && !['@stagebank/domain'].includes(s);
    expect(offenders([...sourceFiles('libs/domain/src'), ...sourceFiles('libs/matching/src')], framework)).toEqual([]);
  });

  it('lets the web app share only the pure domain and the matching vocabulary', () => {
    const shared = ['@stagebank/domain', '@stagebank/matching/types'];
    const outside = (s: string) => (s.startsWith('@stagebank/') && !shared.includes(s)) || /^\.\.\/\.\.\/\.\./.test(s);
    expect(offenders(sourceFiles('apps/web/src'), outside)).toEqual([]);
  });

  it('loads the demo seed (faker, the gazetteer) only where the demo is wanted, never with the service', () => {
    const seed = (s: string, file: string) => /seeds\/demo-seed$/.test(s) && file !== join('apps', 'api', 'src', 'cli', 'seed.ts');
    expect(offenders(sourceFiles('apps/api/src'), seed)).toEqual([]);
  });
});
