// `npm run digest`: the weekly digest from the command line. With `--dry-run` it prints each email that
// would be sent (To, Subject, the text body) and the webhook's text, whatever the hour, and claims, sends
// and records nothing. Targets the running local stack by default (`.data/local-stack.json`);
// DYNAMODB_ENDPOINT, EVENTS_TABLE_NAME and VIEWS_TABLE_NAME override it. Without `--dry-run` it is the
// hourly run itself (due organizations only, once per week), sending through SES with the usual AWS
// credentials from DIGEST_FROM_ADDRESS.
//
//   npm run digest -- --org demo --dry-run [--now 2026-12-07T08:00:00Z] [--json]
import { parseArgs } from 'node:util';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { requiredVariable } from '@okr-ledger/config';
import { createDeliverer, type DigestReport, runDigests } from '@okr-ledger/digest';
import { createDynamoClients, EventStore, LOCAL_DYNAMO_SETTINGS } from '@okr-ledger/event-store';
import { createViewsReader } from '@okr-ledger/projections';
import { resolveTarget } from './parked.js';

const DEFAULT_SHEET_URL_BASE = 'https://docs.google.com/spreadsheets/d/';

/** What a dry run prints: every email as a mail client would show it, then the webhook's text. */
export function formatDryRun(report: DigestReport): string {
  const blocks: string[] = [];
  for (const outcome of report.organizations) {
    if (outcome.digest === undefined) {
      blocks.push(`# ${outcome.org}: ${outcome.status}${outcome.error ? ` (${outcome.error})` : ''}`);
      continue;
    }
    const { emails, teamSummary, skipped } = outcome.digest;
    blocks.push(
      `# ${outcome.org}: week ${outcome.week} in ${outcome.timeZone}; ${emails.length} email(s)` +
        (skipped.length > 0
          ? `; not sent to ${skipped.map((s) => `${s.recipient} (${s.reason})`).join(', ')}`
          : ''),
    );
    for (const email of emails) blocks.push(`To: ${email.to}\nSubject: ${email.subject}\n\n${email.text}`);
    if (teamSummary !== null) blocks.push(`Webhook (team summary):\n\n${teamSummary}\n`);
  }
  return blocks.join('\n----------------------------------------\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      org: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean', default: false },
      now: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime())) throw new Error(`--now must be an ISO 8601 instant, got ${values.now}`);
  const dryRun = values['dry-run'] === true;
  const target = resolveTarget(process.env);
  const { doc } = createDynamoClients(
    target.endpoint === undefined ? {} : { endpoint: target.endpoint, ...LOCAL_DYNAMO_SETTINGS },
  );
  const deliver = createDeliverer({
    ses: new SESv2Client({ maxAttempts: 1 }),
    // A dry run sends nothing, so it needs no sending address.
    fromAddress: dryRun ? 'dry-run@invalid.example' : requiredVariable(process.env, 'DIGEST_FROM_ADDRESS'),
  });
  const report = await runDigests(
    {
      store: new EventStore({ client: doc, tableName: target.eventsTableName }),
      views: createViewsReader({ doc, viewsTableName: target.viewsTableName }),
      deliver,
      clock: () => now,
      sheetUrlBase: process.env.SHEET_URL_BASE?.trim() || DEFAULT_SHEET_URL_BASE,
      onFailure: (failure) =>
        console.error(`failed: ${failure.org} ${failure.channel} ${failure.recipient}: ${failure.error}`),
    },
    { ...(values.org === undefined ? {} : { orgs: values.org }), dryRun },
  );
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else if (dryRun) console.log(formatDryRun(report));
  else
    for (const o of report.organizations)
      console.log(`${o.org}: ${o.status} (sent ${o.sent}, failed ${o.failures.length})`);
  if (report.organizations.some((outcome) => outcome.status === 'failed')) process.exitCode = 1;
}

// Runs only as the script, so the tests can import the helpers above.
if (process.argv[1]?.endsWith('digest.ts')) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
