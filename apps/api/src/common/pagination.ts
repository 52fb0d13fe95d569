import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { StagebankError } from './stagebank.error';

export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: `Page size, 1–${MAX_PAGE_SIZE}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = 20;

  @Field({ nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  after?: string;
}

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: PageInfo;
  totalCount: number;
}

/** Base class of a Relay connection: `@ObjectType() class EmployerConnection extends Paginated(Employer) {}`. */
export function Paginated<T>(node: Type<T>): Type<Connection<T>> {
  @ObjectType(`${node.name}Edge`)
  abstract class Edge {
    @Field()
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @ObjectType({ isAbstract: true })
  abstract class PaginatedType {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'All items matching the filter, over all pages.' })
    totalCount: number;
  }
  return PaginatedType as Type<Connection<T>>;
}

type CursorValue = string | number;

function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function decodeCursor(cursor: string, arity: number): CursorValue[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return values as CursorValue[];
    }
  } catch {
    // fall through to the error below
  }
  throw StagebankError.badInput('after', 'not a cursor from this list');
}

/** Cursors of ranked lists (search results): the position after the item. */
export const encodeOffsetCursor = (offset: number): string => encodeCursor([offset]);

export function decodeOffsetCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const [offset] = decodeCursor(cursor, 1);
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) throw StagebankError.badInput('after', 'not a cursor from this list');
  return offset;
}

/**
 * Keyset pagination: orders by `sortColumn` then `id`, so pages neither skip nor repeat rows
 * when rows are added between requests. `sortColumn` is an alias-qualified column (e.g. `e.name`).
 */
export async function paginate<Entity extends ObjectLiteral, Node>(
  query: SelectQueryBuilder<Entity>,
  { first, after }: PageArgs,
  sortColumn: string,
  sortKey: (entity: Entity) => CursorValue,
  toNode: (entity: Entity) => Node,
): Promise<Connection<Node>> {
  const idColumn = `${query.alias}.id`;
  const totalCount = await query.clone().getCount();
  if (after) {
    const [value, id] = decodeCursor(after, 2);
    query.andWhere(`(${sortColumn}, ${idColumn}) > (:cursorValue, :cursorId)`, { cursorValue: value, cursorId: id });
  }
  const rows = await query
    .orderBy(sortColumn, 'ASC')
    .addOrderBy(idColumn, 'ASC')
    .take(first + 1)
    .getMany();
  const page = rows.slice(0, first);
  const edges = page.map((row) => ({ cursor: encodeCursor([sortKey(row), row.id as string]), node: toNode(row) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}

/** The same page with each node mapped (a repository pages entities; its service maps them to GraphQL types). */
export const mapConnection = <From, To>(connection: Connection<From>, toNode: (node: From) => To): Connection<To> => ({
  ...connection,
  edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: toNode(edge.node) })),
});
