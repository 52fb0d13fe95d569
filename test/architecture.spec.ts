import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
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

/** The module specifiers a file imports (for their values at load time only, unless `types` is set). */
function staticImports(file: string, types = false): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && (types || !statement.importClause?.isTypeOnly)) found.push((statement.moduleSpecifier as ts.StringLiteral).text);
    if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && (types || !statement.isTypeOnly))
      found.push((statement.moduleSpecifier as ts.StringLiteral).text);
  }
  return found;
}

/**
 * The API's rooms. `common` is the shared kernel; the platform is what every area stands on (who
 * calls, audit, jobs, the change stream, metrics, geocoding, the GraphQL transport); an area is
 * one part of the domain with its own Nest module; the rest (health, cli, the root files) wire
 * them together. See ARCHITECTURE.md.
 */
const API = 'apps/api/src';
const PLATFORM = ['common', 'auth', 'audit', 'changes', 'jobs', 'metrics', 'geo', 'graphql', 'logging'];
const AREAS = [
  'organisations',
  'api-keys',
  'employers',
  'employer-links',
  'collaboration',
  'placements',
  'recognition',
  'students',
  'internships',
  'matching',
  'planning',
  'search',
  'transfer',
  'notifications',
  'outcomes',
  'statistics',
  'taxonomy',
  'web',
];
/** What an area may offer others besides the services its module exports: GraphQL types, mappers, per-request loaders, its module. */
const PUBLIC_FILE = /\.(types|mapper|loaders|module)$/;

/** Every import of the API by folder (all imports, types too: a cycle of types is a cycle of meaning). */
const apiImports = () =>
  sourceFiles(API).flatMap((file) => {
    const from = relative(API, file).split(sep);
    return staticImports(file, true)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => {
        const target = relative(API, join(dirname(file), specifier)).split(sep);
        return { file, specifier, from: from.length > 1 ? from[0] : '.', to: target.length > 1 ? target[0] : '.', target: target.join('/') };
      })
      .filter((edge) => !edge.target.startsWith('..'));
  });

/** The classes an area's module exports, by the file each is imported from: the area's public services. */
function exportedServices(area: string): string[] {
  const dir = join(API, area);
  const moduleFile = sourceFiles(dir).find((file) => file.endsWith('.module.ts'));
  if (!moduleFile) return [];
  const text = readFileSync(join(ROOT, moduleFile), 'utf8');
  const names = [...text.matchAll(/exports:\s*\[([^\]]*)\]/g)].flatMap((m) =>
    m[1]
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean),
  );
  return names.flatMap((name) => {
    const from = new RegExp(`import \\{[^}]*\\b${name}\\b[^}]*\\} from '\\./([^']+)'`).exec(text);
    return from ? [`${area}/${from[1]}`] : [];
  });
}

/**
 * Where SQL lives: in an area, its `<area>.repository.ts` is the only file that talks to the
 * database; its services call it with domain-level methods. A few files are data access by
 * nature and keep their SQL where it is (DATA_ACCESS_INFRASTRUCTURE). Calls that talk to the
 * database: `.query(`, `createQueryBuilder(`, `getRepository(`, `@InjectRepository`, and any
 * method of a database handle (`manager.find(`, `this.db.transaction(`, `repository.save(`,
 * `getRepository(X).findBy(`); handing a handle to a function (`demoMembers(this.db)`) is talking
 * to the database through it.
 */
/** Receivers whose `.query(` searches memory, not the database: the matching index (`MatchingIndex.query`). */
const IN_MEMORY_QUERY = new Set(['index', '(await index)']);
/** TypeORM's database handles: a name declared with one of these types holds a connection. */
const HANDLE_TYPES = new Set(['DataSource', 'EntityManager', 'Repository', 'QueryRunner']);

/**
 * The names in a file that hold a database handle: parameters, properties and variables declared
 * with a handle type, and the parameter of a callback a handle's `.transaction(` runs (the
 * transaction's manager; an area repository's `transaction` hands a repository, not a handle).
 * Read from the source alone, so it stays fast; a handle with no written type escapes it.
 */
function handleNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const declared = (node: ts.Node) => {
    if ((ts.isParameter(node) || ts.isPropertyDeclaration(node) || ts.isVariableDeclaration(node)) && node.type && ts.isIdentifier(node.name)) {
      const type = ts.isTypeReferenceNode(node.type) ? node.type.typeName.getText(source) : '';
      if (HANDLE_TYPES.has(type)) names.add(node.name.text);
    }
    ts.forEachChild(node, declared);
  };
  declared(source);
  const transactions = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'transaction') {
      const receiver = node.expression.expression;
      const name = ts.isIdentifier(receiver)
        ? receiver.text
        : ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword
          ? receiver.name.text
          : '';
      if (names.has(name))
        for (const argument of node.arguments)
          if ((ts.isArrowFunction(argument) || ts.isFunctionExpression(argument)) && argument.parameters[0] && ts.isIdentifier(argument.parameters[0].name))
            names.add(argument.parameters[0].name.text);
    }
    ts.forEachChild(node, transactions);
  };
  transactions(source);
  return names;
}

function databaseCalls(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const handles = handleNames(source);
  /** A handle: a name holding one (`manager`, `this.db`), or what `getRepository(…)` gives. */
  const isHandle = (node: ts.Expression): boolean =>
    (ts.isIdentifier(node) && handles.has(node.text)) ||
    (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword && handles.has(node.name.text)) ||
    (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'getRepository');
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
      const at = `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      if (
        (ts.isPropertyAccessExpression(callee) && name === 'query' && !IN_MEMORY_QUERY.has(callee.expression.getText(source))) ||
        name === 'createQueryBuilder' ||
        name === 'getRepository' ||
        name === 'InjectRepository'
      )
        found.push(`${at} ${name}`);
      else if (ts.isPropertyAccessExpression(callee) && isHandle(callee.expression)) found.push(`${at} ${name}`);
      else if (node.arguments.some(isHandle)) found.push(`${at} hands a database handle to ${callee.getText(source)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Infrastructure whose job is data access itself; it keeps its SQL (see ARCHITECTURE.md, "Where SQL lives"). */
const DATA_ACCESS_INFRASTRUCTURE = [
  'apps/api/src/auth/database-scope.ts', // sets each connection's role and caller before a query
  'apps/api/src/changes/change-stream.ts', // reads change_log and keeps each consumer's checkpoint
  'apps/api/src/changes/database-listener.ts', // LISTEN on its own connection
  'apps/api/src/jobs/job-runner.ts', // the runner's own tables: leases, runs, switches
  'apps/api/src/jobs/embedded-vacuum.ts', // the embedded database's own upkeep: VACUUM and ANALYZE from its statistics views
  'apps/api/src/search/search-outbox.ts', // the search consumer of the change stream
  'apps/api/src/search/search-table.ts', // the PostgreSQL search's consumer of the change stream
  'apps/api/src/search/search-indexer.ts', // reads documents in bulk for Meilisearch
  'apps/api/src/cli/migrate.ts', // the migrations table
  'apps/api/src/cli/with-database.ts', // opens and closes a command-line tool's connection
  'apps/api/src/common/repository.ts', // the repositories' base: binds a repository to a transaction
  'apps/api/src/bootstrap.ts', // the advisory lock that elects the embedded search engine's owner
];

const offenders = (files: string[], forbidden: (specifier: string, file: string) => boolean) =>
  files.flatMap((file) =>
    staticImports(file)
      .filter((specifier) => forbidden(specifier, file))
      .map((specifier) => `${file} imports ${specifier}`),
  );

describe('architecture', () => {
  it('keeps the domain and the matching engine free of frameworks and databases', () => {
    const framework = (s: string) =>
      /^(@nestjs\/|typeorm|pg$|@electric-sql\/|meilisearch|express|graphql)/.test(s) || (s.startsWith('@stagebank/') && !['@stagebank/domain'].includes(s));
    expect(offenders([...sourceFiles('libs/domain/src'), ...sourceFiles('libs/matching/src')], framework)).toEqual([]);
  });

  it('lets the web app share only the pure domain and the matching vocabulary', () => {
    const shared = ['@stagebank/domain', '@stagebank/matching/types'];
    const outside = (s: string) => (s.startsWith('@stagebank/') && !shared.includes(s)) || /^\.\.\/\.\.\/\.\./.test(s);
    expect(offenders(sourceFiles('apps/web/src'), outside)).toEqual([]);
  });

  it('keeps the tests out of the service: no code of apps or libs names a path in test/', () => {
    const naming = [...sourceFiles('apps'), ...sourceFiles('libs')].flatMap((file) => {
      const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
      const found: string[] = [];
      const visit = (node: ts.Node) => {
        if ((ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) && /(^|\/)test\//.test(node.text))
          found.push(`${file}: ${node.text}`);
        ts.forEachChild(node, visit);
      };
      visit(source);
      return found;
    });
    expect(naming).toEqual([]);
  });

  it('loads the demo seed (faker, the gazetteer) only where the demo is wanted, never with the service', () => {
    const seed = (s: string, file: string) => /seeds\/demo-seed$/.test(s) && file !== join('apps', 'api', 'src', 'cli', 'seed.ts');
    expect(offenders(sourceFiles('apps/api/src'), seed)).toEqual([]);
  });

  describe('the API (apps/api/src)', () => {
    it('has no cycles between folders', () => {
      const graph = new Map<string, Set<string>>();
      for (const edge of apiImports()) {
        if (edge.from === edge.to || edge.from === '.' || edge.to === '.') continue;
        if (!graph.has(edge.from)) graph.set(edge.from, new Set());
        graph.get(edge.from)!.add(edge.to);
      }
      const cycles: string[] = [];
      const visit = (node: string, path: string[]) => {
        if (path.includes(node)) return void cycles.push([...path.slice(path.indexOf(node)), node].join(' -> '));
        for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
      };
      for (const node of graph.keys()) visit(node, []);
      expect([...new Set(cycles)]).toEqual([]);
    });

    it('keeps common free of every other folder, and the platform free of the areas', () => {
      const wrong = apiImports().filter(
        (edge) => edge.from !== edge.to && ((edge.from === 'common' && edge.to !== 'common') || (PLATFORM.includes(edge.from) && !PLATFORM.includes(edge.to))),
      );
      expect(wrong.map((edge) => `${edge.file} imports ${edge.specifier}`)).toEqual([]);
    });

    it("lets an area use another's types, mappers, loaders, module and exported services, never its internals", () => {
      const allowed = new Set(AREAS.flatMap(exportedServices));
      const wrong = apiImports().filter(
        (edge) => AREAS.includes(edge.from) && AREAS.includes(edge.to) && edge.from !== edge.to && !PUBLIC_FILE.test(edge.target) && !allowed.has(edge.target),
      );
      expect(wrong.map((edge) => `${edge.file} imports ${edge.specifier}`)).toEqual([]);
    });

    it('gives every area its own Nest module, and files of the API belong to a known room', () => {
      const folders = readdirSync(join(ROOT, API), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name);
      expect(folders.filter((folder) => !PLATFORM.includes(folder) && !AREAS.includes(folder) && !['health', 'cli'].includes(folder))).toEqual([]);
      expect(AREAS.filter((area) => !sourceFiles(join(API, area)).some((file) => file.endsWith('.module.ts')))).toEqual([]);
    });

    it('keeps SQL in repositories: only *.repository.ts and the listed infrastructure talk to the database', () => {
      const allowed = new Set(DATA_ACCESS_INFRASTRUCTURE);
      const files = sourceFiles(API).map((file) => file.split(sep).join('/'));
      const outside = files.filter((file) => !file.endsWith('.repository.ts') && !allowed.has(file)).flatMap(databaseCalls);
      expect(outside).toEqual([]);
      expect(DATA_ACCESS_INFRASTRUCTURE.filter((file) => !files.includes(file))).toEqual([]);
    });
  });
});
