// Compressed JSON as tips, stored answers and views items hold it: what is written reads back the same,
// what was written before (gzip) still reads, and a state of a few KB comes out well under gzip's size,
// which is what keeps a tip or a command record inside one billed kilobyte.
import { gzipSync } from 'node:zlib';
import { compressJson, decompressJson } from '@okr-ledger/event-store';
import { describe, expect, it } from 'vitest';

const checkIn = (index: number) => ({
  id: `chk_${index.toString(36).padStart(8, 'x')}Qw3e`,
  keyResultId: 'kr_adoption_0001',
  value: 40 + index,
  milestonesDone: null,
  done: null,
  confidence: 'on_track',
  note: index === 2 ? 'Weekly update from the sidebar.' : '',
  effectiveAt: `2026-11-0${index + 1}T09:00:00.000Z`,
  source: { kind: 'manual' },
  recordedAt: `2026-11-0${index + 1}T09:00:00.000Z`,
  recordedBy: { sub: 'local-606a4a6f5f840cd871d7', email: 'editor@acme.test' },
  corrects: null,
  correctionReason: null,
  correctedBy: null,
});

const state = {
  id: 'obj_onboarding_0001',
  cycleId: '2026-Q4',
  definition: {
    title: 'Make customer onboarding dramatically faster',
    description: '',
    owner: 'editor@acme.test',
    team: 'Customer Success',
    kind: 'aspirational',
    parentObjectiveId: null,
    weight: 1,
    progressMode: 'key_results',
    blendShare: 0,
  },
  archived: false,
  keyResults: ['days', 'adoption', 'csat'].map((name) => ({
    id: `kr_${name}_0001`,
    objectiveId: 'obj_onboarding_0001',
    definition: {
      title: `Improve ${name} from 10 to 20`,
      owner: null,
      weight: 1,
      type: 'increase',
      start: 10,
      target: 20,
      threshold: null,
      unit: '%',
      milestones: [],
      progressSource: 'check_ins',
    },
    removed: false,
    checkIns: [0, 1, 2].map(checkIn),
    createdAt: '2026-10-01T08:00:00.000Z',
    omittedCheckIns: 4,
  })),
  initiatives: [],
  overrides: {},
  version: 16,
  createdAt: '2026-10-01T08:00:00.000Z',
  updatedAt: '2026-11-03T09:00:00.000Z',
};

describe('compressed JSON', () => {
  it('reads back what it wrote, and reads what was written as gzip before', () => {
    expect(decompressJson(compressJson(state))).toEqual(state);
    expect(decompressJson(compressJson(null))).toBeNull();
    expect(decompressJson(gzipSync(JSON.stringify(state)))).toEqual(state);
  });

  it('writes a state of a few KB at least a quarter smaller than gzip', () => {
    const json = JSON.stringify(state);
    const written = compressJson(state).byteLength;
    expect(json.length).toBeGreaterThan(3_000);
    expect(written).toBeLessThan(gzipSync(json).byteLength * 0.75);
  });

  it('refuses bytes in an encoding it does not know', () => {
    expect(() => decompressJson(new Uint8Array([7, 1, 2, 3]))).toThrow(/unknown compressed JSON encoding 7/);
  });
});
