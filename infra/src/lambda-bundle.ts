// How a Lambda handler becomes what is deployed: one esbuild build (minified ESM for Node 22, nothing
// external, an external source map without sources beside the bundle) with substitutions that only a
// plugin can make, so the stack bundles through this module rather than NodejsFunction (which takes no
// plugins). The stack runs it at synth (bundle-cli.ts) and the bench imports it, so both measure the very
// artefact that ships.
//   - zod keeps its English messages only, without its JSON Schema converters or its compiler
//     (zod-trimmed.ts: `z` re-exports them whole; the translations alone were about 400 KB of the API).
//   - AWS credentials come from the environment only, as Lambda provides them: the SDK's default chain
//     (profiles, SSO, STS web identity, the instance metadata service) and the clients it embeds stay out.
//   - compromise's lexicon comes expanded at build time (precomputed-lexicon.ts) rather than at import.
//   - Optionally (the API), the KR lint's grammar (compromise, which builds its tagger when it is imported)
//     goes into a chunk of its own, loaded on the first request that lints rather than at cold start.
//   - Optionally (the API), DynamoDB requests go through the event store's lean client instead of the SDK.
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { precomputedLexicon } from './precomputed-lexicon.js';
import { ZOD_TRIMMED } from './zod-trimmed.js';

/**
 * ESM output lets the handlers use top-level await for configuration. A bundled CommonJS dependency that
 * requires a Node built-in would fail at load ("Dynamic require … is not supported") without a `require`.
 */
export const ESM_REQUIRE_SHIM =
  "import { createRequire as __ledgerCreateRequire } from 'node:module'; " +
  'const require = __ledgerCreateRequire(import.meta.url);';

/** The bundle's file name inside the asset directory; the handler is `index.handler`. */
export const BUNDLE_FILE = 'index.mjs';

const require = createRequire(import.meta.url);

const ZOD_TO_OPENAPI = 'zod-to-openapi-registry-only';
/** The ESM build of the copy `@hono/zod-openapi` resolves. */
const zodToOpenApiModule = () =>
  require
    .resolve('@asteasolutions/zod-to-openapi', { paths: [require.resolve('@hono/zod-openapi')] })
    .replace(/index\.cjs$/, 'index.mjs');
const NO_GENERATOR =
  'throw new Error("The OpenAPI document is built with the bundle (openapi.json), not at run time");';

/**
 * `@asteasolutions/zod-to-openapi` as `@hono/zod-openapi` imports it → the registry and zod's extension
 * alone: the document generators stay out, since the Lambda serves the document built beside the bundle
 * and never generates one.
 */
export const openApiRegistryOnly: Plugin = {
  name: ZOD_TO_OPENAPI,
  setup(builder) {
    builder.onResolve({ filter: /^@asteasolutions\/zod-to-openapi$/ }, (args) => {
      if (args.namespace === ZOD_TO_OPENAPI || !/[\\/]@hono[\\/]zod-openapi[\\/]/.test(args.importer))
        return undefined;
      return { path: 'registry-only', namespace: ZOD_TO_OPENAPI };
    });
    builder.onLoad({ filter: /.*/, namespace: ZOD_TO_OPENAPI }, () => ({
      contents: [
        `export { OpenAPIRegistry, extendZodWithOpenApi, getOpenApiMetadata } from ${JSON.stringify(zodToOpenApiModule())};`,
        `export class OpenApiGeneratorV3 { constructor() { ${NO_GENERATOR} } }`,
        `export class OpenApiGeneratorV31 { constructor() { ${NO_GENERATOR} } }`,
      ].join('\n'),
      resolveDir: path.dirname(require.resolve('@hono/zod-openapi')),
      loader: 'js',
    }));
  },
};

/** `@aws-sdk/credential-provider-node` (the whole default chain) → the environment provider alone. */
export const credentialsFromEnvironment: Plugin = {
  name: 'credentials-from-environment',
  setup(builder) {
    builder.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: 'credential-provider-node',
      namespace: 'credentials-from-environment',
    }));
    builder.onLoad({ filter: /.*/, namespace: 'credentials-from-environment' }, () => ({
      contents:
        'import { fromEnv } from "@aws-sdk/credential-provider-env";\n' +
        'export const defaultProvider = (init = {}) => fromEnv(init);\n',
      resolveDir: path.dirname(require.resolve('@aws-sdk/credential-provider-env/package.json')),
      loader: 'js',
    }));
  },
};

const LEAN_DYNAMODB = {
  '@aws-sdk/client-dynamodb': '../../packages/event-store/src/lean-dynamodb/client.ts',
  '@aws-sdk/lib-dynamodb': '../../packages/event-store/src/lean-dynamodb/document.ts',
} as const;

/**
 * `@aws-sdk/client-dynamodb` and `@aws-sdk/lib-dynamodb` → the lean stand-ins in the event store
 * (lean-dynamodb/): the same names over DynamoDB's JSON protocol signed by aws4, without the SDK's
 * client, middleware and endpoint rules (about 160 KB and a third of the API's cold start).
 */
export const leanDynamoDb: Plugin = {
  name: 'lean-dynamodb',
  setup(builder) {
    builder.onResolve({ filter: /^@aws-sdk\/(client|lib)-dynamodb$/ }, (args) => ({
      path: fileURLToPath(new URL(LEAN_DYNAMODB[args.path as keyof typeof LEAN_DYNAMODB], import.meta.url)),
    }));
  },
};

const OUTPUT_LINT = fileURLToPath(new URL('../../packages/okr-domain/src/lint-output.ts', import.meta.url));
const LAZY_LINT = 'lazy-output-lint';

/**
 * Every import of the domain's `lint-output` module → a stand-in with the same functions that loads the
 * real module (in a chunk of its own) when `loadOutputLint()` is first awaited.
 */
export const lazyOutputLint: Plugin = {
  name: LAZY_LINT,
  setup(builder) {
    builder.onResolve({ filter: /lint-output(\.js|\.ts)?$/ }, (args) => {
      if (args.namespace === LAZY_LINT) return { path: OUTPUT_LINT };
      const target = args.path.startsWith('.')
        ? path.resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'))
        : args.path === '@okr-ledger/okr-domain/lint-output'
          ? OUTPUT_LINT
          : null;
      return target === OUTPUT_LINT ? { path: OUTPUT_LINT, namespace: LAZY_LINT } : undefined;
    });
    builder.onLoad({ filter: /.*/, namespace: LAZY_LINT }, () => ({
      contents: `
        let judge;
        let loading;
        export function loadOutputLint() {
          loading ??= import(${JSON.stringify(OUTPUT_LINT)}).then(
            (module) => { judge = module; },
            (error) => { loading = undefined; throw error; },
          );
          return loading;
        }
        function loaded() {
          if (judge === undefined) throw new Error('The KR lint is not loaded yet: await loadOutputLint() first.');
          return judge;
        }
        export const outputVerdict = (title) => loaded().outputVerdict(title);
        export const outputFinding = (title) => loaded().outputFinding(title);
        export const judgeOutput = (title) => loaded().judgeOutput(title);
      `,
      resolveDir: path.dirname(OUTPUT_LINT),
      loader: 'js',
    }));
  },
};

export interface BundleOptions {
  /** Send DynamoDB requests with the lean client instead of the AWS SDK's (see `leanDynamoDb`). */
  leanDynamoDb?: boolean;
  /** Load the KR lint's grammar on first need instead of at cold start (the caller awaits `loadOutputLint`). */
  lazyOutputLint?: boolean;
  /** Write the API's OpenAPI document beside the bundle, for the function to serve as a file. */
  openApiDocument?: boolean;
}

/** How the API function is built (the stack and the bench both use this). */
export const API_BUNDLE_OPTIONS: BundleOptions = {
  lazyOutputLint: true,
  openApiDocument: true,
  leanDynamoDb: true,
};

const OPENAPI_BUILD = fileURLToPath(new URL('../../functions/api/src/openapi-build.ts', import.meta.url));

async function writeOpenApiDocument(outDir: string): Promise<void> {
  const build = (await import(OPENAPI_BUILD)) as {
    OPENAPI_FILE: string;
    buildOpenApiDocument: () => unknown;
  };
  await writeFile(path.join(outDir, build.OPENAPI_FILE), JSON.stringify(build.buildOpenApiDocument()));
}

export interface LambdaBundle {
  file: string;
  /** What a cold start loads: the entry and the chunks it imports statically. */
  bytes: number;
  /** Chunks loaded later, on first need. */
  lazyBytes: number;
  sourceMapBytes: number;
  metafile: Metafile;
}

/** Builds `entry` into `outDir/index.mjs` (+ `.map`), the way every function of the stack is built. */
export async function bundleLambda(
  entry: string,
  outDir: string,
  options: BundleOptions = {},
): Promise<LambdaBundle> {
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, BUNDLE_FILE);
  const result = await build({
    entryPoints: { index: entry },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    // Shipped beside the bundle, not loaded at run time (no --enable-source-maps): a logged trace can be
    // mapped back when it is needed, and no cold start pays for it.
    sourcemap: true,
    // Traces need file and line only; leaving the sources out keeps the map small.
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_SHIM },
    // Nothing stays external, not even the AWS SDK: the runtime's built-in copy changes under us, the
    // bundled one is the version the tests ran against.
    external: [],
    plugins: [
      ...ZOD_TRIMMED,
      credentialsFromEnvironment,
      openApiRegistryOnly,
      precomputedLexicon,
      ...(options.lazyOutputLint ? [lazyOutputLint] : []),
      ...(options.leanDynamoDb ? [leanDynamoDb] : []),
    ],
    metafile: true,
    logLevel: 'warning',
    // zod reads the JSON Schema processors off a namespace import when a schema is converted, never here.
    logOverride: { 'import-is-undefined': 'silent' },
  });
  await writeFile(path.join(outDir, 'package.json'), '{ "type": "module" }\n');
  if (options.openApiDocument) await writeOpenApiDocument(outDir);
  const outputs = result.metafile.outputs;
  const atStart = new Set<string>();
  const visit = (name: string) => {
    if (atStart.has(name)) return;
    atStart.add(name);
    for (const imported of outputs[name]?.imports ?? []) {
      if (imported.kind === 'import-statement' && outputs[imported.path]) visit(imported.path);
    }
  };
  visit(path.relative(process.cwd(), file));
  let bytes = 0;
  let lazyBytes = 0;
  let sourceMapBytes = 0;
  for (const [name, output] of Object.entries(outputs)) {
    if (name.endsWith('.map')) sourceMapBytes += output.bytes;
    else if (atStart.has(name)) bytes += output.bytes;
    else lazyBytes += output.bytes;
  }
  return { file, bytes, lazyBytes, sourceMapBytes, metafile: result.metafile };
}
