import { DocumentNode, FieldNode, Kind, OperationDefinitionNode, valueFromASTUntyped, visit } from 'graphql';
import { StagebankError } from '../common/stagebank.error';

/** Longest list any argument may carry, at any depth; inputs with tighter rules say so themselves. */
export const MAX_LIST_ITEMS = 1000;

/** U+0000 (PostgreSQL text cannot hold it) or half of a UTF-16 surrogate pair (not text at all). */
// eslint-disable-next-line no-control-regex -- finding U+0000 is the point
const NOT_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function scan(value: unknown, path: string): StagebankError | null {
  if (typeof value === 'string') {
    return NOT_TEXT.test(value) ? StagebankError.badInput(path, 'contains a NUL character or a broken Unicode character') : null;
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_LIST_ITEMS) return StagebankError.badInput(path, `may hold at most ${MAX_LIST_ITEMS} items`);
    for (let i = 0; i < value.length; i++) {
      const problem = scan(value[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const problem = scan(item, `${path}.${key}`);
      if (problem) return problem;
    }
  }
  return null;
}

/**
 * Every argument of every field in the operation (variables and literals alike) holds text
 * PostgreSQL can store and lists of bounded length; the first that does not is BAD_USER_INPUT
 * naming it (`input.sites[0].name`). Runs once per operation for both transports (OperationGate),
 * so no resolver, pipe or query has to remember it.
 */
export function assertArgumentsSafe(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): void {
  const vars = variables ?? {};
  // Variables the operation does not use are still part of the request: check them too.
  for (const [name, value] of Object.entries(vars)) {
    const problem = scan(value, name);
    if (problem) throw problem;
  }
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  for (const definition of [operation, ...fragments]) {
    visit(definition, {
      Field(field: FieldNode) {
        for (const argument of field.arguments ?? []) {
          if (argument.value.kind === Kind.VARIABLE) continue;
          const problem = scan(valueFromASTUntyped(argument.value, vars), argument.name.value);
          if (problem) throw problem;
        }
      },
    });
  }
}
