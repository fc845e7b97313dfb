// The add-on's pure side of linked values: reading a link as typed, judging what a linked cell holds,
// the per-hour keys, and the plan of one sync (check in a changed number, report a cell without one,
// report a failing link that reads the last value again, leave the rest alone).
import { describe, expect, it } from 'vitest';
import {
  judgeLinkedValue,
  linkedCellText,
  linkedCheckInKey,
  linkedKeyResults,
  parseLink,
  planLinkedValue,
} from '../../../addon/src/core/linked-cells.js';
import { board as boardOf, keyResultView, objectiveView } from './fixtures.js';

const THIS = '1ThisSpreadsheet00';
const LINK = { kind: 'cell', spreadsheetId: THIS, sheetName: 'Metrics', a1: 'B7' } as const;
const NOW = new Date('2026-11-20T09:30:00Z');
const read = (value: string | number | boolean) => ({
  ok: true as const,
  value,
  sheetName: 'Metrics',
  a1: 'B7',
});

describe('parseLink', () => {
  it('reads cells, quoted sheet names, named ranges and another spreadsheet by URL', () => {
    expect(parseLink('Metrics!$b$7', THIS)).toEqual({ ok: true, value: LINK });
    expect(parseLink("'Q4 data'!C3", THIS)).toEqual({
      ok: true,
      value: { kind: 'cell', spreadsheetId: THIS, sheetName: 'Q4 data', a1: 'C3' },
    });
    expect(parseLink('Revenue', THIS)).toEqual({
      ok: true,
      value: { kind: 'named_range', spreadsheetId: THIS, name: 'Revenue' },
    });
    expect(
      parseLink('https://docs.google.com/spreadsheets/d/1OtherSheetAbcdef/edit#gid=0 Data!A1', THIS),
    ).toEqual({
      ok: true,
      value: { kind: 'cell', spreadsheetId: '1OtherSheetAbcdef', sheetName: 'Data', a1: 'A1' },
    });
  });

  it('refuses a bare cell, a range and an empty answer with a message', () => {
    expect(parseLink('B7', THIS)).toMatchObject({ ok: false });
    expect(parseLink('Metrics!B7:C9', THIS)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/one cell/),
    });
    expect(parseLink('  ', THIS)).toMatchObject({ ok: false });
  });
});

describe('judgeLinkedValue', () => {
  it('takes numbers and names every other content', () => {
    expect(judgeLinkedValue(read(63))).toEqual({ ok: true, value: 63 });
    expect(judgeLinkedValue(read(''))).toEqual({ ok: false, problem: 'empty', detail: '' });
    expect(judgeLinkedValue(read('#REF!'))).toEqual({ ok: false, problem: 'error', detail: '#REF!' });
    expect(judgeLinkedValue(read('#N/A'))).toEqual({ ok: false, problem: 'error', detail: '#N/A' });
    expect(judgeLinkedValue(read('n/a'))).toEqual({ ok: false, problem: 'text', detail: 'n/a' });
    expect(judgeLinkedValue(read(true))).toEqual({ ok: false, problem: 'text', detail: 'true' });
    expect(judgeLinkedValue({ ok: false, reason: 'there is no sheet Metrics' })).toEqual({
      ok: false,
      problem: 'unreadable',
      detail: 'there is no sheet Metrics',
    });
  });
});

describe('planLinkedValue', () => {
  const linkedBoard = (overrides: Parameters<typeof keyResultView>[2] = {}) =>
    boardOf([
      objectiveView('obj_linked0001', {
        keyResults: [
          keyResultView('kr_linked0001', 'obj_linked0001', { valueSource: LINK, current: 58, ...overrides }),
        ],
      }),
    ]);
  const plan = (board: ReturnType<typeof linkedBoard>, cell: Parameters<typeof read>[0], now = NOW) => {
    const [linked] = linkedKeyResults(board);
    if (linked === undefined) throw new Error('no linked KR');
    return planLinkedValue(linked, read(cell), board.cycle.id, now);
  };

  it('checks in a changed number with a linked-cell source and a key of KR, value and hour', () => {
    const action = plan(linkedBoard(), 63);
    expect(action).toMatchObject({
      kind: 'check_in',
      idempotencyKey: linkedCheckInKey('kr_linked0001', 63, NOW),
      request: {
        value: 63,
        source: { kind: 'linked_cell', spreadsheetId: THIS, sheetName: 'Metrics', a1: 'B7' },
      },
    });
    // Same KR, value and hour: the same key, whoever runs it; the next hour: another.
    expect(linkedCheckInKey('kr_linked0001', 63, new Date('2026-11-20T09:59:59Z'))).toBe(
      linkedCheckInKey('kr_linked0001', 63, NOW),
    );
    expect(linkedCheckInKey('kr_linked0001', 63, new Date('2026-11-20T10:00:00Z'))).not.toBe(
      linkedCheckInKey('kr_linked0001', 63, NOW),
    );
    expect(linkedCheckInKey('kr_linked0001', 63, NOW)).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });

  it('leaves an unchanged value alone, and reports a failing link restored when it reads the last value', () => {
    expect(plan(linkedBoard(), 58).kind).toBe('unchanged');
    const failing = linkedBoard({
      linkFailure: {
        problem: 'error',
        detail: '#REF!',
        since: '2026-11-20T08:00:00Z',
        reportedAt: '2026-11-20T08:00:00Z',
        reportedBy: 'ann@example.com',
        message: 'Metrics!B7 shows #REF!',
      },
    });
    expect(plan(failing, 58).kind).toBe('restored');
    expect(plan(failing, '#REF!').kind).toBe('unchanged');
    expect(plan(failing, '').kind).toBe('failure');
    expect(linkedCellText(failing.objectives[0]?.keyResults[0] ?? keyResultView('x', 'y'))).toBe(
      '⚠ Metrics!B7 shows #REF!',
    );
  });

  it('reports a cell without a number, and lists only linked KRs measured by a value', () => {
    expect(plan(linkedBoard(), '#N/A')).toMatchObject({ kind: 'failure', problem: 'error', detail: '#N/A' });
    const board = boardOf([
      objectiveView('obj_linked0001', {
        keyResults: [
          keyResultView('kr_typed00001', 'obj_linked0001'),
          keyResultView('kr_removed001', 'obj_linked0001', { valueSource: LINK, removed: true }),
        ],
      }),
    ]);
    expect(linkedKeyResults(board)).toEqual([]);
  });
});
