// Owns the "OKR Ledger" menu: its items, in order, and who sees "Close cycle" (admins, as the role
// last seen at Connect; the server checks again).
import type { Role } from '@okr-ledger/okr-domain';
import type { EntryPointName } from './entry-points.js';

export type MenuEntry = { caption: string; functionName: EntryPointName } | 'separator';

export function menuEntries(role: Role | null): MenuEntry[] {
  const entries: MenuEntry[] = [
    { caption: 'Connect…', functionName: 'connect' },
    { caption: 'Pull cycle', functionName: 'pullCycle' },
    { caption: 'Push changes', functionName: 'pushChanges' },
    'separator',
    { caption: 'Check in…', functionName: 'openCheckIn' },
    { caption: 'Link KR to a cell…', functionName: 'linkKeyResultToCell' },
    { caption: 'Unlink KR’s cell', functionName: 'unlinkKeyResultCell' },
    { caption: 'Sync linked values now (also runs hourly at most)', functionName: 'syncLinkedValuesNow' },
    { caption: 'KR history', functionName: 'showKeyResultHistory' },
    { caption: 'Mid-cycle changes', functionName: 'showMidCycleChanges' },
    { caption: 'Quarter-end grades', functionName: 'showGrades' },
    'separator',
  ];
  if (role === 'admin') entries.push({ caption: 'Close cycle…', functionName: 'closeCycle' });
  entries.push({ caption: 'Help', functionName: 'showHelp' });
  return entries;
}

export const HELP_TEXT = [
  'Pull cycle lays a cycle out in a sheet "OKRs <cycle>": one row per objective, its key results and initiatives beneath (grouped).',
  'Edit the white columns, add rows (choose a Row kind), then Push changes. Only what you changed is sent.',
  'A changed Current value, Confidence or Check-in note is a check-in. Check in… opens a sidebar for one KR (milestones, binary, dates).',
  'While a cycle is active, changing a definition (title, target, weight, …) needs a Reason for change; on an objective row it covers its KRs.',
  'To archive an objective or remove a KR, set its Type / status to "archived" or "removed". Deleting a row removes nothing.',
  'Grey columns are computed; notes on cells explain lint findings, refused changes (red) and conflicts (amber).',
  'Link KR to a cell… reads a KR’s value from a cell or named range; Sync linked values now checks in the values that changed, and an hourly trigger does the same (Editor add-ons run at most once an hour). A cell with text, an error or nothing is flagged ⚠ in the Linked cell column.',
  'KR history, Mid-cycle changes and Quarter-end grades lay out reports. =OKR_GRADE(id) reads the last grades pull.',
].join('\n\n');
