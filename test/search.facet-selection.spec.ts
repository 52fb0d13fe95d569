import { GraphQLBoolean, GraphQLObjectType, GraphQLSchema, GraphQLString, graphql } from 'graphql';
import { selects } from '../apps/api/src/graphql/selection';
import { selectsFacets } from '../apps/api/src/search/search.resolver';

/**
 * searchPlacements/searchEmployers count facets only when the query reads them; whether it does is
 * read from the GraphQL selection, the way the query is written (fields, fragments, @include/@skip).
 */
describe('facets are counted only when the query selects them', () => {
  const seen: boolean[] = [];
  const result = new GraphQLObjectType({ name: 'Result', fields: { facets: { type: GraphQLString }, totalCount: { type: GraphQLString } } });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        search: {
          type: result,
          resolve: (_root, _args, _context, info) => {
            seen.push(selectsFacets(info));
            return {};
          },
        },
        flag: { type: GraphQLBoolean },
      },
    }),
  });
  const selects = async (source: string, variableValues?: Record<string, unknown>) => {
    seen.length = 0;
    const answer = await graphql({ schema, source, variableValues });
    expect(answer.errors).toBeUndefined();
    expect(seen).toHaveLength(1);
    return seen[0];
  };

  it.each([
    ['the field itself', '{ search { totalCount facets } }', undefined, true],
    ['no facets', '{ search { totalCount } }', undefined, false],
    ['an inline fragment', '{ search { ... on Result { facets } } }', undefined, true],
    ['a named fragment', 'query { search { ...F } } fragment F on Result { totalCount facets }', undefined, true],
    ['a named fragment without facets', 'query { search { ...F } } fragment F on Result { totalCount }', undefined, false],
    ['@include(if: false) by a variable', 'query($more: Boolean!) { search { totalCount facets @include(if: $more) } }', { more: false }, false],
    ['@include(if: true) by a variable', 'query($more: Boolean!) { search { totalCount facets @include(if: $more) } }', { more: true }, true],
    ['@skip(if: true)', '{ search { totalCount facets @skip(if: true) } }', undefined, false],
    ['a skipped fragment', '{ search { totalCount ... on Result @skip(if: true) { facets } } }', undefined, false],
  ])('%s', async (_name, source, variables, expected) => {
    expect(await selects(source, variables)).toBe(expected);
  });
});

/** The search resolvers start early the reads of the fields a query selects below the hit: `selects` reads that path. */
describe('whether the query selects a field further down', () => {
  let seen: boolean | null = null;
  const employer = new GraphQLObjectType({ name: 'Employer', fields: { name: { type: GraphQLString } } });
  const node = new GraphQLObjectType({ name: 'Node', fields: { title: { type: GraphQLString }, employer: { type: employer } } });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        search: {
          type: new GraphQLObjectType({ name: 'Hits', fields: { node: { type: node } } }),
          resolve: (_root, _args, _context, info) => {
            seen = selects(info, ['node', 'employer']);
            return {};
          },
        },
      },
    }),
  });

  it.each([
    ['the path itself', '{ search { node { employer { name } } } }', true],
    ['its parent only', '{ search { node { title } } }', false],
    ['a named fragment on the way', 'query { search { node { ...N } } } fragment N on Node { employer { name } }', true],
    ['an inline fragment at the top', '{ search { ... on Hits { node { employer { name } } } } }', true],
    ['skipped below', '{ search { node { title employer @skip(if: true) { name } } } }', false],
    ['skipped on the way', '{ search { node @include(if: false) { employer { name } } } }', false],
  ])('%s', async (_name, source, expected) => {
    seen = null;
    expect((await graphql({ schema, source })).errors).toBeUndefined();
    expect(seen).toBe(expected);
  });
});
