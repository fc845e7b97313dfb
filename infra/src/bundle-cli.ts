// `node --import tsx infra/src/bundle-cli.ts <entry> <outDir> [options JSON]`: one function's bundle, built
// in a process of its own because the CDK asks for local bundling synchronously and esbuild's plugins only
// run in its asynchronous API.
import { type BundleOptions, bundleLambda } from './lambda-bundle.js';

const [entry, outDir, options = '{}'] = process.argv.slice(2);
if (entry === undefined || outDir === undefined) {
  process.stderr.write('usage: bundle-cli.ts <entry> <outDir> [options JSON]\n');
  process.exit(2);
}
const built = await bundleLambda(entry, outDir, JSON.parse(options) as BundleOptions);
process.stderr.write(`bundled ${entry}: ${built.bytes} bytes at start, ${built.lazyBytes} on first need\n`);
