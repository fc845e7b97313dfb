// The attention colours after a write, in the built add-on: a pull colours the titles the server's list
// flags; a sidebar check-in and a push write the sheet's rules again from the board they answered (the
// server's own attentionList, at the pull's cadence) instead of dropping them until the next pull.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type vm from 'node:vm';
import type { Board } from '@okr-ledger/api-contract';
import { attentionList } from '@okr-ledger/projections/attention';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAddon } from '../../../addon/build.js';
import { columnNumber, DATA_START_ROW } from '../../../addon/src/core/columns.js';
import { createAppsScriptEnvironment, type FakeSheet } from '../../support/apps-script/index.js';
import { API_URL, FakeOkrApi } from './fake-api.js';
import { sampleBoard } from './fixtures.js';

const NOW = '2026-11-20T10:00:00.000Z';
const EDITING = 'OKRs 2026-Q4';

let code = '';

beforeAll(async () => {
  const built = await buildAddon({ outDir: await mkdtemp(path.join(tmpdir(), 'okr-addon-attention-')) });
  code = await readFile(built.codePath, 'utf8');
});

/** The ids each attention rule flags, in order (the REGEXMATCH rules on the titles). */
function flagged(sheet: FakeSheet): string[][] {
  return sheet
    .inspect()
    .conditionalFormats()
    .flatMap((rule) => {
      const ids = /REGEXMATCH\([^,]+,"\^\(([^)]*)\)\$"\)/.exec(String(rule.values[0]))?.[1];
      return ids === undefined ? [] : [ids.split('|').sort()];
    });
}

/** The same lists the server's attention list gives: failing links, behind pace, then due. */
function expected(board: Board): string[][] {
  const attention = attentionList(board, NOW, 7);
  const failing = attention.failingLinks.map((link) => link.keyResultId);
  const behind = attention.keyResults.filter((kr) => kr.behindPace).map((kr) => kr.keyResultId);
  const due = attention.keyResults.filter((kr) => kr.due && !kr.behindPace).map((kr) => kr.keyResultId);
  return [failing, behind.filter((id) => !failing.includes(id)), due.filter((id) => !failing.includes(id))]
    .filter((ids) => ids.length > 0)
    .map((ids) => ids.sort());
}

function pulled() {
  const api = new FakeOkrApi(sampleBoard());
  api.attention = attentionList(api.board, NOW, 7);
  const env = createAppsScriptEnvironment({ fetch: api.handler, now: () => new Date(NOW) });
  env.properties.document.setProperty('okrLedger.apiUrl', API_URL);
  env.properties.document.setProperty('okrLedger.organization', 'acme');
  const script = env.load(code) as vm.Context & Record<string, (...args: unknown[]) => unknown>;
  script.pullWithOptions({ cycleId: '2026-Q4' });
  const sheet = env.spreadsheet.getSheetByName(EDITING);
  if (sheet === null) throw new Error(`no editing sheet: ${JSON.stringify(env.ui.alerts)}`);
  return { api, env, script, sheet };
}

/** The server's board after a teammate checked in `keyResultId` this morning. */
function checkedInToday(board: Board, keyResultId: string): Board {
  return {
    ...board,
    objectives: board.objectives.map((objective) => ({
      ...objective,
      keyResults: objective.keyResults.map((kr) =>
        kr.id === keyResultId ? { ...kr, lastCheckInAt: '2026-11-20T08:00:00.000Z' } : kr,
      ),
    })),
  };
}

describe('attention colours after a write', () => {
  it('keeps them through a sidebar check-in, judging the answered objective again', () => {
    // Prepare
    const { api, env, script, sheet } = pulled();
    const afterPull = flagged(sheet);
    api.board = checkedInToday(api.board, 'kr_adoption01');
    env.spreadsheet.setActiveRange(sheet.getRange(`B${DATA_START_ROW + 1}`));

    // Act
    script.submitCheckIn({
      keyResultId: 'kr_adoption01',
      type: 'increase',
      value: '63',
      done: false,
      milestonesDone: [],
      effectiveDate: '2026-11-20',
      today: '2026-11-20',
      utcOffsetMinutes: 60,
      idempotencyKey: 'key-0123456789abcdef',
    });

    // Assess
    expect(env.ui.alerts).toEqual([]);
    expect(afterPull).toEqual(expected(sampleBoard()));
    expect(afterPull.flat()).toContain('kr_adoption01');
    const afterCheckIn = flagged(sheet);
    expect(afterCheckIn).toEqual(expected(api.board));
    expect(afterCheckIn.flat()).not.toContain('kr_adoption01');
    expect(afterCheckIn.length).toBeGreaterThan(0);
  });

  it('keeps them through a push refused for a missing reason, and through the push with its reason', () => {
    // Prepare
    const { api, env, script, sheet } = pulled();
    const afterPull = flagged(sheet);
    const row = DATA_START_ROW + 2;
    sheet.getRange(row, columnNumber('title')).setValue('Cut median onboarding days to nine');

    // Act: mid-cycle, the title change needs a reason: nothing is sent, the row is annotated
    script.pushChanges();
    const afterRefusal = flagged(sheet);
    sheet.getRange(row, columnNumber('reason')).setValue('Nine days is the committed figure');
    script.pushChanges();

    // Assess
    expect(env.ui.alerts.map((alert) => alert.title)).toEqual(['Nothing pushed']);
    expect(api.requestsTo('/commands')).toHaveLength(1);
    expect(afterPull.length).toBeGreaterThan(0);
    expect(afterRefusal).toEqual(afterPull);
    expect(flagged(sheet)).toEqual(afterPull);
  });
});
