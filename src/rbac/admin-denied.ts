import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { requestFacts } from '../common/request-facts';
import { catchError, from, Observable, switchMap, throwError } from 'rxjs';
import { AuditService } from '../audit/audit.service';
import { ApiError, Messages } from '../common/api-error';

/** A 403 from an admin service: the caller lacks a grant in the scope the action touches. */
export class AdminDenied extends ApiError {
  constructor(
    readonly teamId: number | null,
    readonly required: string,
    readonly names: readonly string[],
  ) {
    super(403, { message: Messages.unauthorized });
  }
}

/**
 * Records an AdminDenied as `authorization.denied`, as the guard does for its own denials. Here,
 * not in the services: they decide inside a transaction, and the audit row must survive its rollback.
 * On the handlers that take an @Actor() (only an actor's action can be denied so), not on whole
 * controllers: a route with any interceptor runs Nest's rxjs chain, which the reads need not pay for.
 * admin-denials.spec.ts checks that every such handler has it.
 */
@Injectable()
export class RecordAdminDenials implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (!(error instanceof AdminDenied)) return throwError(() => error);
        const metadata = {
          method: request.method,
          path: request.url.split('?')[0],
          via: request.auth?.via,
          team_id: error.teamId,
          required: error.required,
          names: error.names,
        };
        return from(this.audit.record('authorization.denied', { facts: requestFacts(request), userId: request.auth?.user.id, metadata })).pipe(switchMap(() => throwError(() => error)));
      }),
    );
  }
}
