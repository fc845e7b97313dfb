// `npm run token -- --org demo --email admin@example.com [--hours 12]`: prints an ID token of the local
// issuer (the keys the local stack verifies with, in .data/local-issuer.json, created if missing). The
// token is the last line, so `TOKEN=$(npm run -s token -- --email …  | tail -1)` works.
import { parseArgs } from 'node:util';
import { createLocalIssuer } from '../functions/api/src/auth/local-issuer.js';
import { dataDirectory, issuerKeyFile, readStackInfo } from '../functions/local/src/stack-files.js';

const USAGE = 'usage: npm run token -- --email admin@example.com [--org demo] [--hours 12]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      org: { type: 'string', default: 'demo' },
      email: { type: 'string' },
      hours: { type: 'string', default: '12' },
    },
  });
  const email = values.email?.trim();
  const hours = Number(values.hours);
  if (
    !email ||
    !/^[^@\s]+@[^@\s]+$/.test(email) ||
    !Number.isFinite(hours) ||
    hours <= 0 ||
    hours > 24 * 30
  ) {
    console.error(USAGE);
    process.exit(2);
  }
  const dataDir = dataDirectory();
  const issuer = await createLocalIssuer({ keyFile: issuerKeyFile(dataDir) });
  const token = await issuer.sign(email, {}, Math.round(hours * 3600));
  // Tokens are not tied to an organization: membership of --org is checked by the API on each request.
  const base = readStackInfo(dataDir)?.url ?? 'http://localhost:3000';
  console.error(`Token for ${email} (valid ${hours} h). Try:`);
  console.error(`  curl -H "Authorization: Bearer $TOKEN" ${base}/v1/orgs/${values.org}/me`);
  console.log(token);
}

void main();
