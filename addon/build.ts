// Builds the add-on for Apps Script into addon/dist: Code.js (the TypeScript bundled by esbuild into one
// IIFE that assigns the API to the global `OkrLedger`, plus a top-level function stub per entry point,
// since Apps Script only sees real function declarations), Sidebar.html (CSS and JS inlined) and
// appsscript.json (the manifest, with urlFetchWhitelist set to the API's address).
//
//   tsx addon/build.ts [--out <dir>] [--api-url https://okr.example.com]   (or OKR_LEDGER_API_URL)
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ZOD_TRIMMED } from '../infra/src/zod-trimmed.js';
import { ENTRY_POINTS } from './src/core/entry-points.js';

const ADDON_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_OUT_DIR = path.join(ADDON_DIR, 'dist');
/** Documented in addon/README.md: deployments pass their API address instead. */
export const PLACEHOLDER_API_URL = 'https://okr-ledger.example.com/';
export const GLOBAL_NAME = 'OkrLedger';
/**
 * The Apps Script V8 runtime's language level: esbuild lowers newer syntax to it. Newer built-in methods
 * cannot be lowered, so the build refuses a bundle that calls one (see POST_RUNTIME_BUILTINS).
 */
export const RUNTIME_TARGET = 'es2020';

/** Built-ins newer than ES2020 (the runtime may lack them): `.at(-1)` fails there as "not a function". */
export const POST_RUNTIME_BUILTINS: readonly { name: string; pattern: RegExp }[] = [
  { name: 'Array/String.prototype.at (ES2022)', pattern: /\.at\(/ },
  { name: 'Array.prototype.findLast/findLastIndex (ES2023)', pattern: /\.findLast(Index)?\(/ },
  {
    name: 'Array.prototype.toSorted/toReversed/toSpliced (ES2023)',
    pattern: /\.to(Sorted|Reversed|Spliced)\(/,
  },
  { name: 'Object.hasOwn (ES2022)', pattern: /\bObject\.hasOwn\(/ },
  { name: 'String.prototype.replaceAll (ES2021)', pattern: /\.replaceAll\(/ },
  { name: 'Promise.any / AggregateError (ES2021)', pattern: /\bPromise\.any\(|\bAggregateError\b/ },
  { name: 'Object.groupBy / Map.groupBy (ES2024)', pattern: /\b(Object|Map)\.groupBy\(/ },
  { name: 'structuredClone', pattern: /\bstructuredClone\(/ },
  { name: 'WeakRef / FinalizationRegistry (ES2021)', pattern: /\b(WeakRef|FinalizationRegistry)\b/ },
];

/** The built-ins of POST_RUNTIME_BUILTINS that `code` calls. */
export function postRuntimeBuiltins(code: string): string[] {
  return POST_RUNTIME_BUILTINS.filter(({ pattern }) => pattern.test(code)).map(({ name }) => name);
}

export interface BuildOptions {
  outDir?: string;
  /** The API address; the manifest allows UrlFetch to it (and below it) only. */
  apiUrl?: string;
}

export interface BuildResult {
  outDir: string;
  codePath: string;
  sidebarPath: string;
  pullDialogPath: string;
  manifestPath: string;
  /** The other dialogs, by the name HtmlService opens them with (DIALOG_FILES). */
  dialogPaths: Record<string, string>;
}

/** The dialogs shipped as they are (plain HTML, script inline): the name HtmlService opens → source file. */
export const DIALOG_FILES = {
  NewCycleDialog: 'new-cycle-dialog.html',
  AsOfDialog: 'as-of-dialog.html',
  CompareDialog: 'compare-dialog.html',
  CorrectionDialog: 'correction-dialog.html',
  CarryOverDialog: 'carry-over-dialog.html',
  LinkCellDialog: 'link-cell-dialog.html',
} as const;

export type DialogName = keyof typeof DIALOG_FILES;

/**
 * The head, status lines, look and helpers the quarter dialogs share, written once and inlined where a
 * dialog names them (an HTML comment `include: f` in markup, a block comment in a style or script); the
 * HTML partials come first, as the head names the stylesheet.
 */
const DIALOG_INCLUDES = ['kit-head.html', 'kit-status.html', 'kit.css', 'kit.js', 'kit-past.js'] as const;

export const buildDialog = (name: DialogName): Promise<string> => withIncludes(DIALOG_FILES[name]);

/** A dialog's source file with the shared partials it names inlined. */
async function withIncludes(file: string): Promise<string> {
  const dialogs = path.join(ADDON_DIR, 'src/dialogs');
  let html = await readFile(path.join(dialogs, file), 'utf8');
  for (const include of DIALOG_INCLUDES) {
    const marker = include.endsWith('.html') ? `<!-- include: ${include} -->` : `/* include: ${include} */`;
    if (!html.includes(marker)) continue;
    const text = await readFile(path.join(dialogs, include), 'utf8');
    html = html.replace(marker, () => text.trimEnd());
  }
  if (/include: /.test(html)) throw new Error(`${file} includes a file the build does not know`);
  return html;
}

/** The manifest's whitelist entry: https, ending with "/" so it is a prefix of every API path. */
export function whitelistPrefix(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.protocol !== 'https:') throw new Error(`urlFetchWhitelist needs an https address, got ${apiUrl}`);
  const prefix = `${url.origin}${url.pathname}`;
  return prefix.endsWith('/') ? prefix : `${prefix}/`;
}

function stub(entry: (typeof ENTRY_POINTS)[number]): string {
  const params = entry.params.join(', ');
  const doc = ['/**', ...entry.doc.map((line) => (line === '' ? ' *' : ` * ${line}`)), ' */'].join('\n');
  return `${doc}\nfunction ${entry.name}(${params}) {\n  return ${GLOBAL_NAME}.${entry.name}(${params});\n}\n`;
}

async function bundle(
  entry: string,
  platform: 'neutral' | 'browser',
  globalName?: string,
  minify = false,
): Promise<string> {
  const result = await build({
    // Apps Script parses the whole project on every execution (each menu action, custom function and
    // sidebar call): zod's translations, JSON Schema converters and compiler were a third of Code.js.
    plugins: ZOD_TRIMMED,
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    ...(globalName === undefined ? {} : { globalName }),
    target: platform === 'browser' ? 'es2020' : RUNTIME_TARGET,
    platform,
    write: false,
    charset: 'utf8',
    legalComments: 'none',
    minify,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild produced nothing for ${entry}`);
  return output.text;
}

export async function buildCode(): Promise<string> {
  const iife = await bundle(path.join(ADDON_DIR, 'src/main.ts'), 'neutral', GLOBAL_NAME);
  const code = [
    '// OKR Ledger add-on: generated by addon/build.ts from addon/src. Do not edit.',
    iife,
    ...ENTRY_POINTS.map(stub),
  ].join('\n');
  if (/^\s*(import|export)\b/m.test(code))
    throw new Error('Code.js must not contain import or export statements');
  const newer = postRuntimeBuiltins(code);
  if (newer.length > 0)
    throw new Error(`Code.js calls built-ins the Apps Script runtime may lack: ${newer.join(', ')}`);
  return code;
}

export async function buildSidebar(): Promise<string> {
  const [template, css, script] = await Promise.all([
    readFile(path.join(ADDON_DIR, 'src/sidebar/sidebar.html'), 'utf8'),
    readFile(path.join(ADDON_DIR, 'src/sidebar/sidebar.css'), 'utf8'),
    // Minified: the page carries the domain's KR lint and compromise's English lexicon, about 575 KB as
    // written and half that minified.
    bundle(path.join(ADDON_DIR, 'src/sidebar/sidebar.ts'), 'browser', undefined, true),
  ]);
  // A "</script" inside the inlined code would end the element early.
  const safeScript = script.replace(/<\/script/gi, '<\\/script');
  const html = template
    .replace('<!-- inline:style -->', () => `<style>\n${css}</style>`)
    .replace('<!-- inline:script -->', () => `<script>\n${safeScript}</script>`);
  if (html.includes('<!-- inline:')) throw new Error('sidebar.html has a marker the build does not fill');
  return html;
}

/** The Pull dialog: plain HTML with its small script inline, and the dialogs' shared helpers (kit.js). */
export const buildPullDialog = (): Promise<string> => withIncludes('pull-dialog.html');

export async function buildManifest(apiUrl: string): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(ADDON_DIR, 'appsscript.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  manifest.urlFetchWhitelist = [whitelistPrefix(apiUrl)];
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export async function buildAddon(options: BuildOptions = {}): Promise<BuildResult> {
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const [code, sidebar, pullDialog, manifest] = await Promise.all([
    buildCode(),
    buildSidebar(),
    buildPullDialog(),
    buildManifest(options.apiUrl ?? PLACEHOLDER_API_URL),
  ]);
  await mkdir(outDir, { recursive: true });
  const result: BuildResult = {
    outDir,
    codePath: path.join(outDir, 'Code.js'),
    sidebarPath: path.join(outDir, 'Sidebar.html'),
    pullDialogPath: path.join(outDir, 'PullDialog.html'),
    manifestPath: path.join(outDir, 'appsscript.json'),
    dialogPaths: Object.fromEntries(
      Object.keys(DIALOG_FILES).map((name) => [name, path.join(outDir, `${name}.html`)]),
    ),
  };
  await Promise.all([
    ...(Object.keys(DIALOG_FILES) as DialogName[]).map(async (name) =>
      writeFile(path.join(outDir, `${name}.html`), await buildDialog(name)),
    ),
    writeFile(result.codePath, code),
    writeFile(result.pullDialogPath, pullDialog),
    writeFile(result.sidebarPath, sidebar),
    writeFile(result.manifestPath, manifest),
  ]);
  return result;
}

function flag(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const outDir = flag(args, '--out');
  const apiUrl = flag(args, '--api-url') ?? process.env.OKR_LEDGER_API_URL;
  const result = await buildAddon({
    ...(outDir === undefined ? {} : { outDir: path.resolve(outDir) }),
    ...(apiUrl === undefined || apiUrl === '' ? {} : { apiUrl }),
  });
  console.log(`add-on built in ${path.relative(process.cwd(), result.outDir) || '.'}`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
