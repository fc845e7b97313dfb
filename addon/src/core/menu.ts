// Owns the "OKR Ledger" menu: its items, in order, and who sees which (as the role last seen at Connect;
// the server checks again): viewers see no item that writes, editors no admin item. The help text and
// the Getting started sheet describe the same items.
import type { Role } from '@okr-ledger/okr-domain';
import type { EntryPointName } from './entry-points.js';

export type MenuEntry = { caption: string; functionName: EntryPointName } | 'separator';

/** An item, with what it is for: the help and the Getting started sheet are written from this list. */
interface MenuItem {
  caption: string;
  functionName: EntryPointName;
  /** Who may use it: everyone, editors and admins (it writes), or admins. */
  audience: 'everyone' | 'writers' | 'admins';
  help: string;
}

const GROUPS: readonly (readonly MenuItem[])[] = [
  [
    {
      caption: 'Connect…',
      functionName: 'connect',
      audience: 'everyone',
      help: 'Connects this spreadsheet to the API and your organization (and lays out this Getting started sheet).',
    },
    {
      caption: 'Pull cycle',
      functionName: 'pullCycle',
      audience: 'everyone',
      help: 'Lays a cycle out in "OKRs <cycle>": one row per objective, its key results and initiatives beneath (grouped). From a cycle sheet it pulls that cycle again.',
    },
    {
      caption: 'Push changes',
      functionName: 'pushChanges',
      audience: 'writers',
      help: 'Sends what you changed in the active sheet: the OKRs sheet (only what changed since the pull), the Grades sheet (overrides with their reasons: admins, and editors for objectives they own) or the Members sheet (admins).',
    },
  ],
  [
    {
      caption: 'Check in…',
      functionName: 'openCheckIn',
      audience: 'writers',
      help: 'A sidebar for the selected KR: value, confidence, note, milestones, and the day it is true for.',
    },
    {
      caption: 'Correct this check-in…',
      functionName: 'openCorrection',
      audience: 'writers',
      help: 'On the KR history sheet, records a correction of the selected check-in with a reason; the original is kept beside it.',
    },
    {
      caption: 'Link KR to a cell…',
      functionName: 'linkKeyResultToCell',
      audience: 'writers',
      help: 'Reads the selected KR’s value from a cell or named range (a definition change: a reason mid-cycle). The Linked cell column shows the link, and ⚠ while the cell holds text, an error or nothing.',
    },
    {
      caption: 'Unlink KR’s cell',
      functionName: 'unlinkKeyResultCell',
      audience: 'writers',
      help: 'The selected KR’s value is typed again (a definition change: a reason mid-cycle).',
    },
    {
      caption: 'Sync linked values now (also runs hourly at most)',
      functionName: 'syncLinkedValuesNow',
      audience: 'writers',
      help: 'Checks in every linked value that changed since its last check-in; an hourly trigger does the same for you (Editor add-ons run at most once an hour).',
    },
    {
      caption: 'KR history',
      functionName: 'showKeyResultHistory',
      audience: 'everyone',
      help: 'Every event of the selected KR, with before → after, who and why, and a chart against the target.',
    },
    {
      caption: 'Mid-cycle changes',
      functionName: 'showMidCycleChanges',
      audience: 'everyone',
      help: 'The audit: definition changes with reasons, late check-ins, corrections, overrides, closes and reopenings.',
    },
    {
      caption: 'Board as of…',
      functionName: 'openBoardAsOf',
      audience: 'everyone',
      help: 'The board as it stood at a date and time you choose, read-only.',
    },
    {
      caption: 'Compare two dates…',
      functionName: 'openCompare',
      audience: 'everyone',
      help: 'What changed between two dates, per objective and KR: progress before → after, definition changes with reasons, who.',
    },
    {
      caption: 'Quarter-end grades',
      functionName: 'showGrades',
      audience: 'everyone',
      help: 'The grades sheet; =OKR_GRADE(id) reads the last grades pull in any cell.',
    },
    {
      caption: 'Alignment',
      functionName: 'showAlignment',
      audience: 'everyone',
      help: 'The alignment tree of a cycle in "Alignment <cycle>": each objective under the one it aligns to, with its own and aligned progress.',
    },
    {
      caption: 'Carry over to next cycle…',
      functionName: 'openCarryOver',
      audience: 'writers',
      help: 'Copies the KRs you tick (the unfinished ones come ticked) of a cycle into the next one, each starting at its last value; carrying again creates nothing new. Then pulls the next cycle.',
    },
  ],
  [
    {
      caption: 'New cycle…',
      functionName: 'openNewCycle',
      audience: 'admins',
      help: 'Creates a cycle in planning: id, title, dates and time zone, proposed from the last cycle.',
    },
    {
      caption: 'Activate cycle',
      functionName: 'activateCycle',
      audience: 'admins',
      help: 'Starts a cycle: from then on, definition changes need a reason.',
    },
    {
      caption: 'Close cycle…',
      functionName: 'closeCycle',
      audience: 'admins',
      help: 'Freezes the grades; check-ins dated inside the cycle are refused afterwards.',
    },
    {
      caption: 'Reopen cycle…',
      functionName: 'reopenCycle',
      audience: 'admins',
      help: 'Reopens a closed cycle, with a reason, for late check-ins and corrections.',
    },
    {
      caption: 'Members',
      functionName: 'showMembers',
      audience: 'admins',
      help: 'Lays out the members and roles: change a role, add a row or choose "remove", then Push changes. The last admin cannot be removed.',
    },
  ],
];

function offered(item: MenuItem, role: Role | null): boolean {
  if (item.audience === 'admins') return role === 'admin';
  if (item.audience === 'writers') return role !== 'viewer';
  return true;
}

export function menuEntries(role: Role | null): MenuEntry[] {
  const entries: MenuEntry[] = [];
  for (const group of GROUPS) {
    const items = group.filter((item) => offered(item, role));
    if (items.length === 0) continue;
    entries.push(...items.map(({ caption, functionName }) => ({ caption, functionName })));
    entries.push('separator');
  }
  entries.push({ caption: 'Help', functionName: 'showHelp' });
  return entries;
}

/** Each menu item with what it does, for the help and the Getting started sheet. */
export function menuHelp(): { caption: string; help: string; audience: MenuItem['audience'] }[] {
  return GROUPS.flat().map(({ caption, help, audience }) => ({ caption, help, audience }));
}

const AUDIENCE_NOTE: Record<MenuItem['audience'], string> = {
  everyone: '',
  writers: ' (editors and admins)',
  admins: ' (admins)',
};

export const HELP_TEXT = [
  ...menuHelp().map((item) => `${item.caption}${AUDIENCE_NOTE[item.audience]}: ${item.help}`),
  'In the OKRs sheet, edit the white columns and add rows (choose a Row kind). A changed Current value, Confidence or Check-in note is a check-in; Progress from and Blend share choose how progress is computed.',
  'While a cycle is active, changing a definition needs a Reason for change; on an objective row it covers its KRs. To archive or remove, set Type / status to "archived" or "removed".',
].join('\n\n');
