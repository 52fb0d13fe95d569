import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { GraphQLFieldResolver, GraphQLSchema, isObjectType } from 'graphql';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Observable } from 'rxjs';
import type { RequestWithViewer, Viewer } from './viewer';

/** Marks work that may run in any database scope: see `inAnyScope`. */
export const ANY_SCOPE = Symbol('any database scope');

/** The viewer of the request being handled, for code far from the resolver (the audit's transaction hook). */
export const requestViewer = new AsyncLocalStorage<Viewer | typeof ANY_SCOPE>();

/**
 * Runs `work`, which only reads tables without row-level security (memberships, the change log),
 * on a connection as it is, whether it was last set for a request or for the system: its answer is
 * the same either way, and switching a connection's role costs a round trip to the database
 * (DatabaseScopeSubscriber). Never for student data or for writes (the audit names the actor).
 */
export const inAnyScope = <T>(work: () => Promise<T>): Promise<T> => requestViewer.run(ANY_SCOPE, work);

/** An employer acting through its own link: the link and the one employer it may change. */
export interface EmployerLinkScope {
  linkId: string;
  employerId: string;
}

const linkScope = new AsyncLocalStorage<EmployerLinkScope>();

/** The employer link the current work acts through, if any (read by DatabaseScope). */
export const currentEmployerLink = (): EmployerLinkScope | undefined => linkScope.getStore();

/**
 * Runs `work` as an employer through its own link, never as a signed-in viewer: the database sees
 * the application role with no organisation (so no school-private row) and with the link's
 * employer, which row-level security lets it change and nothing else; the audit names the link.
 */
export const asEmployerLink = <T>(scope: EmployerLinkScope, work: () => Promise<T>): Promise<T> => requestViewer.exit(() => linkScope.run(scope, work));

/**
 * Runs `work` as the system (the owner role, past row-level security), for aggregate figures across
 * organisations that never return a student row. Use nowhere else.
 */
export const asSystem = <T>(work: () => Promise<T>): Promise<T> => requestViewer.exit(() => linkScope.exit(work));

/** Runs each root resolver (query, mutation, subscription) inside its request's viewer context (after ViewerGuard resolved the viewer). */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') return next.handle();
    const viewer = GqlExecutionContext.create(context).getContext<{ req: RequestWithViewer }>().req.viewer;
    if (!viewer) return next.handle();
    return new Observable((subscriber) => requestViewer.run(viewer, () => next.handle().subscribe(subscriber)));
  }
}

/**
 * Makes every field resolver below the root (those that are not plain property reads) run inside
 * its request's viewer context, so what it queries (through the loaders or a service) runs as the
 * caller, under row-level security, never as the owner. graphql-js calls them from its own promise
 * callbacks, outside the root resolver's context. This does per field what running Nest's
 * interceptors on field resolvers did, for the price of one AsyncLocalStorage.run, and without it
 * when the context is already the request's. Changes the schema's resolvers in place; returns it.
 */
export function runFieldResolversInRequestScope(schema: GraphQLSchema): GraphQLSchema {
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || roots.has(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve;
      if (!resolve) continue;
      field.resolve = inRequestScope(resolve as GraphQLFieldResolver<unknown, ScopedContext>) as typeof resolve;
    }
  }
  return schema;
}

type ScopedContext = { req?: RequestWithViewer } | undefined;

function inRequestScope(resolve: GraphQLFieldResolver<unknown, ScopedContext>): GraphQLFieldResolver<unknown, ScopedContext> {
  return (source, args, context, info) => {
    const viewer = context?.req?.viewer;
    if (!viewer || requestViewer.getStore() === viewer) return resolve(source, args, context, info);
    return requestViewer.run(viewer, resolve, source, args, context, info);
  };
}
