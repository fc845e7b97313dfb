// A check-in typed in the sheet may carry its effective date (blank = now): the push sends noon of that
// day; text that is not a date is refused on the cell; a sheet pulled before the column existed still works.
import { describe, expect, it } from 'vitest';
import { locateColumns } from '../../../addon/src/core/column-map.js';
import { EDITING_COLUMNS } from '../../../addon/src/core/columns.js';
import { preparePush } from '../../../addon/src/core/sync.js';
import { pulledGrid, rowOf, sampleBoard, sequentialIds, setCell, sheetState } from './fixtures.js';

const baseline = sampleBoard({ status: 'active' });

describe('the Effective date column', () => {
  it('sends a check-in typed with an effective date at noon of that day', () => {
    // Prepare: 2026-11-10 as Sheets hands a date cell back (midnight in a UTC+1 sheet)
    const values = pulledGrid(baseline);
    const row = rowOf(values, 'kr_adoption01');
    setCell(values, row, 'current', 61);
    setCell(values, row, 'effectiveDate', new Date('2026-11-09T23:00:00Z'));

    // Act
    const { plan } = preparePush(sheetState(values), baseline, sequentialIds());

    // Assess
    expect(plan.issues).toEqual([]);
    expect(plan.commands.map((c) => c.command)).toEqual([
      expect.objectContaining({ type: 'RecordCheckIn', value: 61, effectiveAt: '2026-11-10T11:00:00.000Z' }),
    ]);
  });

  it('sends a check-in without a date as of now, and refuses text that is not a date', () => {
    const values = pulledGrid(baseline);
    const row = rowOf(values, 'kr_adoption01');
    setCell(values, row, 'current', 61);
    const now = preparePush(sheetState(values), baseline, sequentialIds()).plan;
    setCell(values, row, 'effectiveDate', 'last Tuesday');
    const refused = preparePush(sheetState(values), baseline, sequentialIds()).plan;

    expect(now.commands[0]?.command).not.toHaveProperty('effectiveAt');
    expect(refused.commands).toEqual([]);
    expect(refused.issues).toEqual([
      {
        row,
        column: 'effectiveDate',
        message: 'Effective date must be a date like 2026-11-20, got "last Tuesday"',
      },
    ]);
  });

  it('is optional: a sheet pulled before it existed still maps every other column', () => {
    const headers = EDITING_COLUMNS.filter((spec) => spec.key !== 'effectiveDate').map((spec) => spec.header);

    const located = locateColumns(headers, []);

    expect(located.ok).toBe(true);
    expect(located.ok && located.columns.has('effectiveDate')).toBe(false);
    expect(located.ok && located.columns.get('reason')).toBe(headers.indexOf('Reason for change') + 1);
  });
});
