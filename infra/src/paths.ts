// Locations in the repository the stack bundles from; resolved from this file so synth works from any cwd.
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const LOCK_FILE = fileURLToPath(new URL('../../package-lock.json', import.meta.url));
export const API_ENTRY = fileURLToPath(new URL('../../functions/api/src/lambda.ts', import.meta.url));
export const PROJECTOR_ENTRY = fileURLToPath(
  new URL('../../functions/projector/src/lambda.ts', import.meta.url),
);
export const DIGEST_ENTRY = fileURLToPath(new URL('../../functions/digest/src/lambda.ts', import.meta.url));
/** The script that builds one function's bundle (run by the stack's local bundling). */
export const BUNDLE_CLI = fileURLToPath(new URL('./bundle-cli.ts', import.meta.url));
