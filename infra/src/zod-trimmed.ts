// What of zod a bundle leaves out: the parts nothing here uses at run time, which its `z` namespace
// re-exports whole so tree-shaking cannot drop them. Every Lambda bundle (lambda-bundle.ts) and the
// add-on's Code.js (addon/build.ts) are built with these.
import path from 'node:path';
import type { Plugin } from 'esbuild';

/** `zod/v4/locales/index.js` (every language) → a module exporting English alone, under the same name. */
export const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(builder) {
    builder.onResolve({ filter: /[\\/]locales[\\/]index\.js$/ }, (args) => {
      if (!/[\\/]zod[\\/]/.test(args.importer)) return undefined;
      return { path: path.join(path.dirname(args.importer), args.path), namespace: 'zod-english-only' };
    });
    builder.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

const JSON_SCHEMA_MODULES =
  /[\\/](from-json-schema|to-json-schema|json-schema-processors|json-schema-generator)\.js$/;
const NO_JSON_SCHEMA = 'throw new Error("JSON Schema conversion is not part of this bundle");';

/**
 * zod's JSON Schema conversion (both ways) → stand-ins that refuse: nothing converts at run time (the
 * OpenAPI document is built from the registry, not from JSON Schema), yet `z` re-exports it whole.
 */
export const zodWithoutJsonSchema: Plugin = {
  name: 'zod-without-json-schema',
  setup(builder) {
    builder.onResolve({ filter: JSON_SCHEMA_MODULES }, (args) => {
      if (!/[\\/]zod[\\/]/.test(args.importer)) return undefined;
      return {
        path: path.join(path.dirname(args.importer), args.path),
        namespace: 'zod-without-json-schema',
      };
    });
    builder.onLoad({ filter: /.*/, namespace: 'zod-without-json-schema' }, () => ({
      contents: [
        `export function fromJSONSchema() { ${NO_JSON_SCHEMA} }`,
        `export function toJSONSchema() { ${NO_JSON_SCHEMA} }`,
        `export const createToJSONSchemaMethod = () => () => { ${NO_JSON_SCHEMA} };`,
        `export const createStandardJSONSchemaMethod = () => () => { ${NO_JSON_SCHEMA} };`,
        `export class JSONSchemaGenerator { constructor() { ${NO_JSON_SCHEMA} } }`,
      ].join('\n'),
      loader: 'js',
    }));
  },
};

const NO_COMPILE = 'throw new Error("z.compile is not part of this bundle");';

/**
 * zod's ahead-of-time compiler (`z.compile`, about 30 KB) → stand-ins that refuse: nothing here compiles a
 * schema, yet the `z` namespace that `@hono/zod-openapi` re-exports keeps every member it names.
 */
export const zodWithoutCompile: Plugin = {
  name: 'zod-without-compile',
  setup(builder) {
    builder.onResolve({ filter: /[\\/]compile\.js$/ }, (args) => {
      if (!/[\\/]zod[\\/]v4[\\/]core[\\/]/.test(args.importer)) return undefined;
      return { path: path.join(path.dirname(args.importer), args.path), namespace: 'zod-without-compile' };
    });
    builder.onLoad({ filter: /.*/, namespace: 'zod-without-compile' }, () => ({
      contents: [
        'export const INVALID = Symbol.for("zod.compile.invalid");',
        `export class ZodCompileAsyncError extends Error {}`,
        `export class ZodCompileUnsupportedError extends Error {}`,
        `export function compile() { ${NO_COMPILE} }`,
        `export function withParser() { ${NO_COMPILE} }`,
        `export function compileFn() { ${NO_COMPILE} }`,
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/** All three, in the order the builds apply them. */
export const ZOD_TRIMMED: Plugin[] = [zodEnglishOnly, zodWithoutJsonSchema, zodWithoutCompile];
