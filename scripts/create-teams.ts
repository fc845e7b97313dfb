// `npm run create-teams -- --org acme --admin ada@acme.com [--endpoint URL] [--events-table T]`: creates a
// team for every name typed into an objective's `team` field that no team answers to (docs/alignment.md),
// as that admin. Safe to run again: a name already a team is skipped, and each team's command id derives
// from its name. The target is resolved as for create-org.
import { parseArgs } from 'node:util';
import { createTeamsFromNames } from '@okr-ledger/command-handling';
import { targetOf, withEventStore } from './events-target.js';

const USAGE =
  'usage: npm run create-teams -- --org acme --admin ada@acme.com [--endpoint http://localhost:8000] ' +
  '[--events-table okr-ledger-events]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      org: { type: 'string' },
      admin: { type: 'string' },
      endpoint: { type: 'string' },
      'events-table': { type: 'string' },
    },
  });
  if (!values.org || !values.admin) {
    console.error(USAGE);
    process.exit(2);
  }
  const target = targetOf(values);
  await withEventStore(target, async (store) => {
    const result = await createTeamsFromNames({
      store,
      org: values.org ?? '',
      actor: { sub: 'script', email: (values.admin ?? '').toLowerCase() },
      role: 'admin',
      clock: () => new Date(),
    });
    for (const team of result.created) console.log(`Created ${team.teamId} (${team.name})`);
    console.log(
      `${result.created.length} team(s) created in ${target.description} from ${result.objectives} objective(s); ` +
        'their objectives now read as those teams.',
    );
  });
}

void main();
