// Owns the "Members" sheet (admins): the organization's members and roles laid out with a Role dropdown,
// and reading it back against the members the server holds now into the changes a push makes: a new
// email is added, a changed role is set, "remove" removes. A row deleted from the sheet removes nobody.
import type { Role } from '@okr-ledger/okr-domain';
import { ROLES } from '@okr-ledger/okr-domain/vocabulary';
import { type Cell, readText } from './cells.js';
import { COLORS, emptyPlan, grid, type SheetPlan, textFormats } from './sheet-plan.js';

export const MEMBERS_SHEET = 'Members';
export const REMOVE_MEMBER_WORD = 'remove';
export const MEMBERS_HEADERS = ['Email', 'Role', 'Signed in', 'Last push'] as const;

export interface MemberView {
  email: string;
  role: Role;
  signedIn: boolean;
}

export type MemberChange =
  | { kind: 'put'; row: number; email: string; role: Role; added: boolean }
  | { kind: 'remove'; row: number; email: string };

export interface MembersPlan {
  changes: MemberChange[];
  issues: { row: number; message: string }[];
}

const FIRST_ROW = 3;
const SPARE_ROWS = 10;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function membersPlan(
  members: MemberView[],
  organizationId: string,
  notes: Map<string, string> = new Map(),
): SheetPlan {
  const width = MEMBERS_HEADERS.length;
  const rows: Cell[][] = [
    [
      `Members of ${organizationId} · change a Role, add a row, or choose “remove”, then Push changes`,
      '',
      '',
      '',
    ],
    [...MEMBERS_HEADERS],
    ...members.map((member) => [
      member.email,
      member.role,
      member.signedIn ? 'yes' : 'not yet',
      notes.get(member.email) ?? '',
    ]),
    ...Array.from({ length: SPARE_ROWS }, () => ['', '', '', '']),
  ];
  const validations = grid<import('./sheet-plan.js').ValidationPlan | null>(rows.length, width, null);
  for (let r = FIRST_ROW - 1; r < rows.length; r += 1) {
    const rowRules = validations[r];
    if (rowRules !== undefined)
      rowRules[1] = {
        type: 'list',
        values: [...ROLES, REMOVE_MEMBER_WORD],
        strict: true,
        helpText: 'admin, editor, viewer, or remove',
      };
  }
  const backgrounds = grid<string | null>(rows.length, width, null);
  backgrounds[1] = backgrounds[1]?.map(() => COLORS.header) ?? [];
  const fontWeights = grid<'bold' | 'normal'>(rows.length, width, 'normal');
  fontWeights[0] = fontWeights[0]?.map(() => 'bold') ?? [];
  fontWeights[1] = fontWeights[1]?.map(() => 'bold') ?? [];
  return {
    ...emptyPlan(MEMBERS_SHEET),
    frozenRows: 2,
    blocks: [{ row: 1, column: 1, values: rows, validations, backgrounds, fontWeights }],
    columnWidths: [260, 100, 90, 420].map((w, index) => ({ column: index + 1, width: w })),
    numberFormats: textFormats(1, rows.length, [1, 2, 3, 4]),
  };
}

/** What the sheet asks for, compared with the members the server has now. */
export function planMemberChanges(values: Cell[][], current: MemberView[]): MembersPlan {
  const byEmail = new Map(current.map((member) => [member.email.toLowerCase(), member]));
  const plan: MembersPlan = { changes: [], issues: [] };
  const seen = new Set<string>();
  values.slice(FIRST_ROW - 1).forEach((cells, offset) => {
    const row = FIRST_ROW + offset;
    const email = readText(cells[0]).toLowerCase();
    const word = readText(cells[1]).toLowerCase();
    if (email === '' && word === '') return;
    if (!EMAIL.test(email)) {
      plan.issues.push({ row, message: `“${email}” is not an email address` });
      return;
    }
    if (seen.has(email)) {
      plan.issues.push({ row, message: `${email} is listed twice` });
      return;
    }
    seen.add(email);
    const existing = byEmail.get(email);
    if (word === REMOVE_MEMBER_WORD) {
      if (existing !== undefined) plan.changes.push({ kind: 'remove', row, email });
      return;
    }
    const role = (ROLES as readonly string[]).includes(word) ? (word as Role) : null;
    if (role === null) {
      plan.issues.push({
        row,
        message: `Role of ${email} must be one of ${[...ROLES, REMOVE_MEMBER_WORD].join(', ')}`,
      });
      return;
    }
    if (existing?.role === role) return;
    plan.changes.push({ kind: 'put', row, email, role, added: existing === undefined });
  });
  return plan;
}

export function describeMemberChange(change: MemberChange): string {
  if (change.kind === 'remove') return `${change.email} removed`;
  return change.added ? `${change.email} added as ${change.role}` : `${change.email} is now ${change.role}`;
}
