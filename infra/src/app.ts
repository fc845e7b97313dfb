// CDK entry point (cdk.json: `npx tsx infra/src/app.ts`).
import { App } from 'aws-cdk-lib';
import { buildLedgerApp } from './build-app.js';

const app = new App();
buildLedgerApp(app);
app.synth();
