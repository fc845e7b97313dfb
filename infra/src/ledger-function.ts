// One Lambda function the way this project runs them: bundled by the local esbuild through
// lambda-bundle.ts (no Docker; in a process of its own, bundle-cli.ts, since the CDK bundles synchronously),
// Node.js 22 on arm64, X-Ray tracing, its own log group with bounded retention and its own role with no
// managed policies, so each function's permissions are exactly what the stack grants it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { AssetHashType, DockerImage, type Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUNDLE_FILE, type BundleOptions } from './lambda-bundle.js';
import { BUNDLE_CLI, REPO_ROOT } from './paths.js';

export interface LedgerFunctionProps {
  entry: string;
  description: string;
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  /** What the build does beyond the defaults (the API: lazy lint, OpenAPI document beside the bundle). */
  bundle?: BundleOptions;
}

/** Builds the bundle into the asset directory the CDK hands over; a failed build fails the synth. */
function localBundling(entry: string, options: BundleOptions): lambda.AssetCode {
  return lambda.Code.fromAsset(path.dirname(entry), {
    // The asset is what the build wrote: a change anywhere in the sources it bundles changes its hash.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling always answers (or throws), so the CDK does not fall back to Docker.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22'),
      local: {
        tryBundle(outputDir) {
          const built = spawnSync(
            process.execPath,
            ['--import', 'tsx', BUNDLE_CLI, entry, outputDir, JSON.stringify(options)],
            {
              cwd: REPO_ROOT,
              stdio: ['ignore', 'inherit', 'inherit'],
              env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
            },
          );
          if (built.status !== 0) {
            throw new Error(`bundling ${entry} failed (${built.status ?? built.signal ?? built.error})`);
          }
          return true;
        },
      },
    },
  });
}

export class LedgerFunction extends Construct {
  readonly fn: lambda.Function;
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

    this.fn = new lambda.Function(this, 'Function', {
      code: localBundling(props.entry, props.bundle ?? {}),
      handler: `${path.parse(BUNDLE_FILE).name}.handler`,
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
    });
  }
}
