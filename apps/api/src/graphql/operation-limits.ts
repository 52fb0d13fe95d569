import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { AppConfig } from '@stagebank/config';
import { DocumentNode, GraphQLError, GraphQLSchema, ParseOptions, ValidationRule, parse, specifiedRules, validate } from 'graphql';

/** Most tokens a document may have; graphql-js stops parsing there, so a huge document costs nothing. */
export const MAX_TOKENS = 5000;
const MAX_ALIASES = 20;
const MAX_DIRECTIVES = 20;

/**
 * What every GraphQL operation must pass before anything runs, whichever transport brought it
 * (HTTP POST through Apollo, graphql-ws over the WebSocket): the token limit while parsing, then
 * graphql-js's own rules plus depth, cost, alias and directive limits. One definition, so the two
 * transports cannot drift apart.
 */
export class OperationLimits {
  readonly parseOptions: ParseOptions = { maxTokens: MAX_TOKENS };
  /** The limits beyond graphql-js's own rules (Apollo adds those itself). */
  readonly validationRules: ValidationRule[];

  constructor(config: Pick<AppConfig, 'limits'>) {
    this.validationRules = new ApolloArmor({
      maxDepth: { n: config.limits.maxDepth },
      costLimit: { maxCost: config.limits.maxCost },
      // No allow-list: `a1: __typename … a9999: __typename` is as much work to answer as any alias.
      maxAliases: { n: MAX_ALIASES, allowList: [] },
      maxDirectives: { n: MAX_DIRECTIVES },
      // The token limit is graphql-js's own (parseOptions), so syntax errors stay GRAPHQL_PARSE_FAILED.
      maxTokens: { enabled: false },
      // Suggestions are hidden by formatting errors (graphql-errors.ts), for both transports alike.
      blockFieldSuggestion: { enabled: false },
    }).protect().validationRules;
  }

  /** Parses a document as Apollo does for HTTP; a syntax error or too many tokens is GRAPHQL_PARSE_FAILED. */
  parse(source: string): DocumentNode | GraphQLError[] {
    try {
      return parse(source, this.parseOptions);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return [new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
    }
  }

  /** Validates as Apollo does for HTTP; every problem is GRAPHQL_VALIDATION_FAILED. */
  validate(schema: GraphQLSchema, document: DocumentNode): GraphQLError[] {
    return validate(schema, document, [...specifiedRules, ...this.validationRules]).map(
      (error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
    );
  }
}
