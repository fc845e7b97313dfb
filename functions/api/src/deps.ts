// What the API needs from the outside world, injected so the Lambda, the local stack and the tests build
// the same app over different wiring (and a fixed clock in tests).
import type { Logger } from '@aws-lambda-powertools/logger';
import type { EventStore } from '@okr-ledger/event-store';
import type { TokenVerifier } from './auth/verify-token.js';
import type { OrgRateLimiter } from './http/rate-limit.js';
import type { ViewsReader } from './views.js';

/** The part of Powertools' structured logger the API uses (tests pass a silent or capturing one). */
export type ApiLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface ApiDependencies {
  store: EventStore;
  views: ViewsReader;
  verifyToken: TokenVerifier;
  clock: () => Date;
  logger: ApiLogger;
  /** Per-organization request budget; without one, requests are not limited (tests, benchmarks). */
  rateLimiter?: OrgRateLimiter;
  /**
   * The OpenAPI document built with the Lambda bundle (openapi-build.ts); without one, the app generates it
   * from its routes on request (locally, in tests).
   */
  openApiDocument?: () => unknown;
}

export const nowIso = (deps: Pick<ApiDependencies, 'clock'>): string => deps.clock().toISOString();
