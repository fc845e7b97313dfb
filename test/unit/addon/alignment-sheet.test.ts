// The Alignment report plan: an indented tree in the API's order, own and aligned figures with in-cell
// bars that read their own row, band colours, and notes for graded and weight-0 rows.
import type { AlignmentResponse } from '@okr-ledger/api-contract';
import { describe, expect, it } from 'vitest';
import { alignmentPlan, alignmentSheetName } from '../../../addon/src/core/reports/alignment.js';
import { COLORS } from '../../../addon/src/core/sheet-plan.js';

const node = (
  id: string,
  depth: number,
  own: number,
  aligned: number,
  extra: Partial<AlignmentResponse['objectives'][number]> = {},
): AlignmentResponse['objectives'][number] => ({
  id,
  cycleId: '2026-Q4',
  title: `Objective ${id}`,
  owner: 'ann@example.com',
  team: 'team_sales',
  teamId: 'team_sales',
  teamName: 'Sales',
  parentObjectiveId: null,
  weight: 1,
  depth,
  children: [],
  ownProgress: own,
  ownBand: own >= 0.7 ? 'green' : own >= 0.4 ? 'yellow' : 'red',
  alignedProgress: aligned,
  alignedBand: aligned >= 0.7 ? 'green' : aligned >= 0.4 ? 'yellow' : 'red',
  graded: false,
  ...extra,
});

const view: AlignmentResponse = {
  cycleId: '2026-Q4',
  asOf: '2026-12-01T10:00:00.000Z',
  cycles: [],
  teams: [],
  objectives: [
    node('obj_company', 0, 0.5, 0.575, { cycleId: '2026', team: null, teamId: null, teamName: null }),
    node('obj_sales', 1, 0.6, 0.75, { weight: 2 }),
    node('obj_emea', 2, 0.9, 0.9),
    node('obj_q3', 1, 0.7, 0.7, { cycleId: '2026-Q3', graded: true, weight: 0 }),
  ],
};

describe('the Alignment sheet', () => {
  const plan = alignmentPlan(view);
  const block = plan.blocks[0];
  const values = block?.values ?? [];

  it('is named after the cycle and lists the tree indented, in order', () => {
    expect(plan.name).toBe(alignmentSheetName('2026-Q4'));
    expect(values.slice(2).map((row) => row[0])).toEqual([
      'Objective obj_company',
      '    ↳ Objective obj_sales',
      '        ↳ Objective obj_emea',
      '    ↳ Objective obj_q3',
    ]);
    expect(values[2]?.[2]).toBe('');
    expect(values[3]?.[2]).toBe('Sales');
  });

  it('draws bars from the figures of the same row', () => {
    expect(values[3]?.[4]).toBe(0.6);
    expect(values[3]?.[5]).toBe(
      '=IF(ISNUMBER(E4),SPARKLINE(MAX(0,MIN(1,E4)),{"charttype","bar";"max",1;"color1","#1a73e8"}),"")',
    );
    expect(values[3]?.[7]).toContain('MIN(1,G4)');
  });

  it('colours own and aligned figures by band, and notes graded and weight-0 rows', () => {
    expect(block?.backgrounds?.[2]?.[4]).toBe(COLORS.yellow);
    expect(block?.backgrounds?.[2]?.[6]).toBe(COLORS.yellow);
    expect(block?.backgrounds?.[3]?.[6]).toBe(COLORS.green);
    expect(block?.notes?.[5]?.[4]).toContain('closed');
    expect(block?.notes?.[5]?.[8]).toContain('Weight 0');
    expect(block?.notes?.[3]?.[8]).toBe('');
  });

  it('says so when there is nothing to show', () => {
    const empty = alignmentPlan({ ...view, objectives: [] });
    expect(empty.blocks[0]?.values[2]?.[0]).toContain('No objectives');
  });
});
