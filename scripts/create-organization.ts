// `npm run create-org -- --org acme --name "Acme" --admin ada@acme.com [--time-zone Europe/Berlin]
//   [--endpoint URL] [--events-table T]`: creates an organization with its first admin, the documented way
// to bootstrap a tenant. With --endpoint it talks to that DynamoDB (Local); without it, to AWS with the
// default credential chain and the table from --events-table or EVENTS_TABLE_NAME. With neither, it uses the
// running local stack (.data/local-stack.json).
import { parseArgs } from 'node:util';
import { OrganizationCommandSchema } from '@okr-ledger/okr-domain';
import { runOrganizationCommand } from '@okr-ledger/command-handling';
import { targetOf, withEventStore } from './events-target.js';

const USAGE =
  'usage: npm run create-org -- --org acme --name "Acme" --admin ada@acme.com [--time-zone Europe/Berlin] ' +
  '[--endpoint http://localhost:8000] [--events-table okr-ledger-events]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      org: { type: 'string' },
      name: { type: 'string' },
      admin: { type: 'string' },
      'time-zone': { type: 'string', default: 'UTC' },
      endpoint: { type: 'string' },
      'events-table': { type: 'string' },
    },
  });
  const command = OrganizationCommandSchema.safeParse({
    type: 'CreateOrganization',
    commandId: `create-org-${(values.org ?? '').replace(/[^A-Za-z0-9_-]/g, '_')}`,
    organizationId: values.org,
    name: values.name,
    timeZone: values['time-zone'],
    firstAdminEmail: values.admin?.toLowerCase(),
  });
  if (!command.success) {
    for (const issue of command.error.issues) console.error(`  ${issue.path.join('.')}: ${issue.message}`);
    console.error(USAGE);
    process.exit(2);
  }
  const target = targetOf(values);
  await withEventStore(target, async (store) => {
    const admin = command.data.type === 'CreateOrganization' ? command.data.firstAdminEmail : '';
    const { replayed, state } = await runOrganizationCommand(
      // The bootstrap runs as the future admin; `sub` is bound when they first sign in.
      {
        store,
        org: values.org ?? '',
        actor: { sub: 'bootstrap', email: admin },
        role: 'admin',
        clock: () => new Date(),
      },
      command.data,
    );
    console.log(
      replayed
        ? `Organization '${state.id}' already existed (created by this command before); nothing changed.`
        : `Created organization '${state.id}' (${state.name}) in ${target.description}; admin: ${admin}.`,
    );
  });
}

void main();
