// The Lambda entry behind API Gateway: the dependencies (lambda-dependencies.ts) and the app are built once
// per container, then every invocation goes through the same Hono app as locally. The KR lint's grammar is
// loaded by the first request that may lint (see infra/src/lambda-bundle.ts).
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.js';
import { lambdaDependencies } from './lambda-dependencies.js';

export const handler = handle(createApp(lambdaDependencies()));
