import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Observable } from 'rxjs';
import type { RequestWithViewer, Viewer } from './viewer';

/** The viewer of the request being handled, for code far from the resolver (the audit's transaction hook). */
export const requestViewer = new AsyncLocalStorage<Viewer>();

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

/** Runs each resolver inside its request's viewer context (after ViewerGuard resolved the viewer). */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') return next.handle();
    const viewer = GqlExecutionContext.create(context).getContext<{ req: RequestWithViewer }>().req.viewer;
    if (!viewer) return next.handle();
    return new Observable((subscriber) => requestViewer.run(viewer, () => next.handle().subscribe(subscriber)));
  }
}
