// Owns the names Apps Script calls: triggers, menu items, google.script.run targets and custom functions.
// The build writes one top-level stub per entry (Apps Script only sees real function declarations), the
// menu refers to them by name, and the bundle test checks each exists — one list for all three.

export interface EntryPoint {
  name: string;
  params: string[];
  kind: 'trigger' | 'menu' | 'sidebar' | 'custom_function';
  /** JSDoc for the stub; custom functions need `@customfunction` there to appear in Sheets. */
  doc: string[];
}

export const ENTRY_POINTS = [
  { name: 'onOpen', params: ['e'], kind: 'trigger', doc: ['Adds the OKR Ledger menu.'] },
  { name: 'onInstall', params: ['e'], kind: 'trigger', doc: ['Adds the menu right after installation.'] },
  {
    name: 'connect',
    params: [],
    kind: 'menu',
    doc: ['Connect this spreadsheet to an OKR Ledger API and organization.'],
  },
  { name: 'pullCycle', params: [], kind: 'menu', doc: ['Pull a cycle into its editing sheet.'] },
  { name: 'pushChanges', params: [], kind: 'menu', doc: ['Push the edits of the active cycle sheet.'] },
  {
    name: 'loadPullOptions',
    params: [],
    kind: 'sidebar',
    doc: ['The cycles, teams and owners the Pull dialog offers.'],
  },
  {
    name: 'pullWithOptions',
    params: ['options'],
    kind: 'sidebar',
    doc: ['Pulls the cycle chosen in the Pull dialog.'],
  },
  {
    name: 'openCheckIn',
    params: [],
    kind: 'menu',
    doc: ['Open the check-in sidebar for the selected key result.'],
  },
  {
    name: 'showKeyResultHistory',
    params: [],
    kind: 'menu',
    doc: ['Lay out the history of the selected key result.'],
  },
  {
    name: 'showMidCycleChanges',
    params: [],
    kind: 'menu',
    doc: ['Lay out the mid-cycle change audit of a cycle.'],
  },
  { name: 'showGrades', params: [], kind: 'menu', doc: ['Pull the quarter-end grades of a cycle.'] },
  { name: 'showAlignment', params: [], kind: 'menu', doc: ['Lay out the alignment tree of a cycle.'] },
  {
    name: 'openCarryOver',
    params: [],
    kind: 'menu',
    doc: ['Open the Carry over to next cycle dialog (editors and admins).'],
  },
  {
    name: 'loadCarryOverOptions',
    params: ['sourceCycleId'],
    kind: 'sidebar',
    doc: ['The cycles, objectives and KRs the Carry over dialog offers.'],
  },
  {
    name: 'submitCarryOver',
    params: ['form'],
    kind: 'sidebar',
    doc: ['Carries the chosen KRs into the next cycle.'],
  },
  { name: 'closeCycle', params: [], kind: 'menu', doc: ['Close a cycle and freeze its grades (admins).'] },
  { name: 'showHelp', params: [], kind: 'menu', doc: ['How the OKR Ledger sheets work.'] },
  // A quarter without leaving Sheets: the cycle's life, the past, corrections and members.
  { name: 'openNewCycle', params: [], kind: 'menu', doc: ['Open the New cycle dialog (admins).'] },
  {
    name: 'loadNewCycleDefaults',
    params: [],
    kind: 'sidebar',
    doc: ['The New cycle dialog defaults, from the last cycle.'],
  },
  {
    name: 'createCycle',
    params: ['form'],
    kind: 'sidebar',
    doc: ['Creates the cycle the dialog describes.'],
  },
  { name: 'activateCycle', params: [], kind: 'menu', doc: ['Activate a cycle in planning (admins).'] },
  { name: 'reopenCycle', params: [], kind: 'menu', doc: ['Reopen a closed cycle with a reason (admins).'] },
  { name: 'openBoardAsOf', params: [], kind: 'menu', doc: ['Open the Board as of dialog.'] },
  { name: 'openCompare', params: [], kind: 'menu', doc: ['Open the Compare two dates dialog.'] },
  { name: 'loadPastOptions', params: [], kind: 'sidebar', doc: ['The cycles the past dialogs offer.'] },
  {
    name: 'showBoardAsOf',
    params: ['form'],
    kind: 'sidebar',
    doc: ['Lays out the board at the instant chosen.'],
  },
  {
    name: 'compareDates',
    params: ['form'],
    kind: 'sidebar',
    doc: ['Lays out what changed between two instants.'],
  },
  {
    name: 'openCorrection',
    params: [],
    kind: 'menu',
    doc: ['Correct the check-in selected on the KR history sheet.'],
  },
  {
    name: 'loadCorrectionContext',
    params: [],
    kind: 'sidebar',
    doc: ['The selected check-in, for the Correction dialog.'],
  },
  {
    name: 'submitCorrection',
    params: ['form'],
    kind: 'sidebar',
    doc: ['Records the correction the dialog describes.'],
  },
  { name: 'showMembers', params: [], kind: 'menu', doc: ['Lay out the members and roles (admins).'] },
  {
    name: 'linkKeyResultToCell',
    params: [],
    kind: 'menu',
    doc: ['Open the Link KR to a cell dialog for the selected key result.'],
  },
  {
    name: 'loadLinkCellContext',
    params: [],
    kind: 'sidebar',
    doc: ['The selected key result, cell and named ranges, for the Link dialog.'],
  },
  {
    name: 'readSelectedCellForLink',
    params: [],
    kind: 'sidebar',
    doc: ['The cell selected now, for the Link dialog.'],
  },
  {
    name: 'submitLinkCell',
    params: ['form'],
    kind: 'sidebar',
    doc: ['Links the key result to the cell or named range the Link dialog names.'],
  },
  {
    name: 'unlinkKeyResultCell',
    params: [],
    kind: 'menu',
    doc: ['Unlink the selected key result: its value is typed again.'],
  },
  {
    name: 'syncLinkedValuesNow',
    params: [],
    kind: 'menu',
    doc: ['Read every linked cell of the cycle sheet and check in the values that changed.'],
  },
  {
    name: 'syncLinkedValuesOnSchedule',
    params: ['e'],
    kind: 'trigger',
    doc: ['The hourly trigger: reads every linked cell of this spreadsheet’s cycle sheets.'],
  },
  {
    name: 'loadCheckInContext',
    params: [],
    kind: 'sidebar',
    doc: ['The selected key result, for the sidebar.'],
  },
  { name: 'submitCheckIn', params: ['form'], kind: 'sidebar', doc: ['Records a check-in from the sidebar.'] },
  {
    name: 'OKR_GRADE',
    params: ['id', 'cycle', 'refresh'],
    kind: 'custom_function',
    doc: [
      'The final grade (0–1) of an objective or key result, from the last "Quarter-end grades" pull.',
      '',
      '@param {string|Array<Array<string>>} id Objective or key result id (obj_… or kr_…), or a range of ids.',
      '@param {string} [cycle] Cycle id, e.g. 2026-Q4 (optional).',
      '@param {string} [refresh] Pass OKR_GRADES_PULLED_AT so the cell recalculates after each grades pull.',
      '@return {number|Array<Array<number>>} The grade that counts: the override when there is one.',
      '@customfunction',
    ],
  },
] as const satisfies readonly EntryPoint[];

export type EntryPointName = (typeof ENTRY_POINTS)[number]['name'];
