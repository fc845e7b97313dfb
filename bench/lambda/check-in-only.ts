// The API Lambda with one organization route, the check-in's: the same shell (logging, errors, token,
// rate limit, membership) and the same wiring as functions/api/src/lambda.ts. What a Lambda split per
// route would load at cold start for the hot path, beside the API that holds every route.
import { handle } from 'hono/aws-lambda';
import { createAppShell } from '../../functions/api/src/app-shell.js';
import { lambdaDependencies } from '../../functions/api/src/lambda-dependencies.js';
import { checkInRoutes } from '../../functions/api/src/routes/check-ins.js';

const deps = lambdaDependencies();
export const handler = handle(createAppShell(deps, [checkInRoutes], () => deps.openApiDocument?.()));
