// Owns the one-page "Getting started" sheet laid out on the first Connect: who is connected, the steps of
// a quarter in the order a team meets them, and every menu item with what it does (from the menu's own
// list, so the page and the menu cannot disagree).
import type { Cell } from './cells.js';
import { menuHelp } from './menu.js';
import { COLORS, emptyPlan, grid, type SheetPlan, textFormats } from './sheet-plan.js';

export const GETTING_STARTED_SHEET = 'Getting started';

const STEPS = [
  'An admin creates the quarter (New cycle…) and pulls it (Pull cycle).',
  'The team types objectives, key results and initiatives in the OKRs sheet, chooses how progress is computed (Progress from), and pushes (Push changes).',
  'When the quarter starts, an admin activates it (Activate cycle): from then on a definition change needs a reason.',
  'Every week, owners check in: Current value, Confidence and a note in the sheet, or Check in… for one KR.',
  'Look back at any time: KR history, Mid-cycle changes, Board as of…, Compare two dates….',
  'At quarter end, an admin closes the cycle (Close cycle…); Quarter-end grades lays the grades out, overrides go in their columns with a reason, and =OKR_GRADE(id) brings a grade into any report.',
];

export function gettingStartedPlan(organizationId: string, email: string, role: string): SheetPlan {
  const items = menuHelp();
  const rows: Cell[][] = [
    ['OKR Ledger · Getting started', ''],
    [`Connected to ${organizationId} as ${email} (${role}).`, ''],
    ['', ''],
    ['A quarter, step by step', ''],
    ...STEPS.map((step, index) => [`${index + 1}.`, step]),
    ['', ''],
    ['The menu (Extensions → OKR Ledger)', ''],
    ...items.map((item) => [
      item.caption,
      `${item.help}${item.audience === 'admins' ? ' Admins only.' : item.audience === 'writers' ? ' Editors and admins.' : ''}`,
    ]),
    ['Help', 'This text, and the OAuth client the add-on signs in as.'],
  ];
  const fontWeights = grid<'bold' | 'normal'>(rows.length, 2, 'normal');
  const backgrounds = grid<string | null>(rows.length, 2, null);
  for (const index of [0, 3, 5 + STEPS.length]) {
    fontWeights[index] = ['bold', 'bold'];
    backgrounds[index] = [COLORS.header, COLORS.header];
  }
  return {
    ...emptyPlan(GETTING_STARTED_SHEET),
    blocks: [{ row: 1, column: 1, values: rows, fontWeights, backgrounds, wrap: true }],
    columnWidths: [
      { column: 1, width: 200 },
      { column: 2, width: 720 },
    ],
    numberFormats: textFormats(1, rows.length, [1, 2]),
  };
}
