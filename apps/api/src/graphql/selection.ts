import { GraphQLIncludeDirective, GraphQLSkipDirective, getDirectiveValues, type GraphQLResolveInfo, type SelectionNode, type SelectionSetNode } from 'graphql';

/**
 * Whether the query selects the field at `path` below the field being resolved: `['facets']`, or
 * `['edges', 'node', 'placement', 'employer']`; directly or through inline and named fragments,
 * with `@include`/`@skip` as GraphQL decides them. A resolver asks it to spare work no one reads
 * (facet counts) or to start early the reads the fields below it will make.
 */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  const included = (node: SelectionNode) =>
    getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
  const walk = (set: SelectionSetNode | undefined, depth: number): boolean =>
    depth === path.length ||
    !!set?.selections.some((selection) => {
      if (!included(selection)) return false;
      if (selection.kind === 'Field') return selection.name.value === path[depth] && walk(selection.selectionSet, depth + 1);
      if (selection.kind === 'InlineFragment') return walk(selection.selectionSet, depth);
      return walk(info.fragments[selection.name.value]?.selectionSet, depth);
    });
  return info.fieldNodes.some((node) => walk(node.selectionSet, 0));
}
