import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'gatehouse:public';
export const OPTIONAL_AUTH = 'gatehouse:optional-auth';

/** Opts a route out of the deny-by-default authentication guard. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Authenticates when credentials are present but lets guests through (request.auth may be null). */
export const OptionalAuth = () => SetMetadata(OPTIONAL_AUTH, true);
