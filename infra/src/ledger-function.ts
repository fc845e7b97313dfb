// One Lambda function the way this project runs them: bundled by the local esbuild (no Docker), Node.js 22
// on arm64, X-Ray tracing, its own log group with bounded retention and its own role with no managed
// policies, so each function's permissions are exactly what the stack grants it.
import type { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LOCK_FILE, REPO_ROOT } from './paths.js';

export interface LedgerFunctionProps {
  entry: string;
  description: string;
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
}

// Nothing stays external, not even the AWS SDK: the runtime's built-in copy changes under us, the bundled
// one is the version the tests ran against.
const EXTERNAL_MODULES: string[] = [];

// ESM output lets the handlers use top-level await for configuration. A bundled CommonJS dependency that
// requires a Node built-in would fail at load ("Dynamic require … is not supported") without a `require`.
const ESM_REQUIRE_SHIM =
  "import { createRequire as __ledgerCreateRequire } from 'node:module'; " +
  'const require = __ledgerCreateRequire(import.meta.url);';

export class LedgerFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: LedgerFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of: ${props.description}`,
    });
    // Instead of AWSLambdaBasicExecutionRole (any log group in the account): this log group only.
    this.logGroup.grantWrite(this.role);

    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      // Graviton: cheaper per GB-second and at least as fast for JSON-heavy work.
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      // No --enable-source-maps at run time: it slows every cold start and every stack trace. The maps
      // ship beside the bundle, so a logged trace can be mapped back to the sources when it is needed.
      environment: { ...props.environment },
      projectRoot: REPO_ROOT,
      depsLockFilePath: LOCK_FILE,
      bundling: {
        forceDockerBundling: false,
        minify: true,
        sourceMap: true,
        // Traces need file and line only; leaving the sources out keeps the bundle, and cold starts, small.
        sourcesContent: false,
        target: 'node22',
        format: nodejs.OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_SHIM,
        externalModules: EXTERNAL_MODULES,
      },
    });
  }
}
