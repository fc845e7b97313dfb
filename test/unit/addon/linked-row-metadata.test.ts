// The link stored with the KR row: which rows of an editing sheet should carry the link metadata (from the
// board's definitions and the sheet's Id column), and the adapter that makes a sheet's row metadata exactly
// that against the Apps Script fakes (adds what is missing, keeps what is right, removes the rest).
import { describe, expect, it } from 'vitest';
import { LinkedRowMetadata } from '../../../addon/src/adapters/linked-cells.js';
import { defaultColumnMap } from '../../../addon/src/core/column-map.js';
import { EDITING_COLUMNS } from '../../../addon/src/core/columns.js';
import {
  LINK_METADATA_KEY,
  linkMetadataByRow,
  linkMetadataValue,
} from '../../../addon/src/core/linked-cells.js';
import type { EditingSheetState } from '../../../addon/src/core/sheet-sync.js';
import { createAppsScriptEnvironment } from '../../support/apps-script/index.js';
import { board as boardOf, keyResultView, objectiveView } from './fixtures.js';

const LINK = { kind: 'cell', spreadsheetId: '1Other_spreadsheet', sheetName: 'Pipeline', a1: 'C3' } as const;
const NAMED = { kind: 'named_range', spreadsheetId: '1This_spreadsheet', name: 'Revenue' } as const;

function stateWithIds(ids: string[]): EditingSheetState {
  const columns = defaultColumnMap();
  const idIndex = (columns.get('id') ?? 0) - 1;
  const values = ids.map((id) => {
    const row: string[] = EDITING_COLUMNS.map(() => '');
    row[idIndex] = id;
    return row;
  });
  return { columns, unanchored: [], values, formulas: [], notes: [], backgrounds: [] };
}

describe('linkMetadataByRow', () => {
  it('names the sheet row of each KR whose definition has a link, with the KR and its link as JSON', () => {
    // Prepare
    const board = boardOf([
      objectiveView('obj_1', {
        keyResults: [
          keyResultView('kr_linked', 'obj_1', { valueSource: LINK }),
          keyResultView('kr_typed', 'obj_1'),
          keyResultView('kr_named', 'obj_1', { valueSource: NAMED }),
        ],
      }),
    ]);
    const state = stateWithIds(['obj_1', 'kr_named', 'kr_typed', '', 'kr_linked', 'kr_unknown']);

    // Act
    const wanted = linkMetadataByRow(state, board);

    // Assess
    expect([...wanted.entries()]).toEqual([
      [4, linkMetadataValue('kr_named', NAMED)],
      [7, linkMetadataValue('kr_linked', LINK)],
    ]);
    expect(JSON.parse(wanted.get(7) ?? '')).toEqual({ keyResultId: 'kr_linked', valueSource: LINK });
  });
});

describe('LinkedRowMetadata.apply', () => {
  it('adds missing row metadata, keeps what is right, and removes stale, duplicate and wrong values', () => {
    // Prepare
    const env = createAppsScriptEnvironment();
    const sheet = env.spreadsheet.insertSheet('OKRs 2026-Q4');
    const whole = (row: number) => sheet.getRange(row, 1, 1, sheet.getMaxColumns());
    whole(4).addDeveloperMetadata(LINK_METADATA_KEY, 'right');
    whole(4).addDeveloperMetadata(LINK_METADATA_KEY, 'right');
    whole(5).addDeveloperMetadata(LINK_METADATA_KEY, 'old link');
    whole(9).addDeveloperMetadata(LINK_METADATA_KEY, 'unlinked since');
    whole(9).addDeveloperMetadata('someone-else', 'theirs');
    const rows = new LinkedRowMetadata(
      env.globals.SpreadsheetApp as unknown as GoogleAppsScript.Spreadsheet.SpreadsheetApp,
    );

    // Act
    const result = rows.apply(
      'OKRs 2026-Q4',
      new Map([
        [4, 'right'],
        [5, 'new link'],
        [6, 'added'],
      ]),
    );

    // Assess
    const found = sheet
      .createDeveloperMetadataFinder()
      .withKey(LINK_METADATA_KEY)
      .find()
      .map((m) => [m.getLocation().getRow()?.getRow(), m.getValue()])
      .sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(found).toEqual([
      [4, 'right'],
      [5, 'new link'],
      [6, 'added'],
    ]);
    expect(result).toEqual({ added: 2, removed: 3 });
    expect(sheet.createDeveloperMetadataFinder().withKey('someone-else').find()).toHaveLength(1);
    expect(rows.apply('No such sheet', new Map([[3, 'x']]))).toEqual({ added: 0, removed: 0 });
  });
});
