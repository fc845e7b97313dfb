// The Owner column offers a dropdown: the organization's members (an admin's pull lists them; others may
// not) and everyone who owns something on the board. The list survives a push, which does not re-read it.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAddon } from '../../../addon/build.js';
import { columnNumber, DATA_START_ROW } from '../../../addon/src/core/columns.js';
import { createAppsScriptEnvironment } from '../../support/apps-script/index.js';
import { API_URL, FakeOkrApi } from './fake-api.js';
import { sampleBoard } from './fixtures.js';

let code = '';

beforeAll(async () => {
  const built = await buildAddon({ outDir: await mkdtemp(path.join(tmpdir(), 'okr-addon-owner-')) });
  code = await readFile(built.codePath, 'utf8');
});

function pulledAs(role: 'admin' | 'editor') {
  const api = new FakeOkrApi(sampleBoard());
  api.me = { ...api.me, role };
  const env = createAppsScriptEnvironment({ fetch: api.handler });
  env.properties.document.setProperty('okrLedger.apiUrl', API_URL);
  env.properties.document.setProperty('okrLedger.organization', 'acme');
  env.properties.user.setProperty('okrLedger.role.acme', role);
  const script = env.load(code) as vm.Context & Record<string, () => void>;
  script.pullWithOptions({ cycleId: '2026-Q4' });
  const sheet = env.spreadsheet.getSheetByName('OKRs 2026-Q4');
  if (sheet === null) throw new Error('no editing sheet');
  const ownerChoices = (row: number) =>
    sheet.getRange(row, columnNumber('owner')).getDataValidation()?.getCriteriaValues()[0];
  return { api, env, script, sheet, ownerChoices };
}

describe('the Owner dropdown', () => {
  it('lists the members an admin’s pull saw and the owners on the board, for every row', () => {
    const { api, env, ownerChoices } = pulledAs('admin');

    expect(env.ui.alerts).toEqual([]);
    expect(api.requestsTo('/members')).toHaveLength(1);
    const choices = ownerChoices(DATA_START_ROW) as string[];
    expect(choices).toEqual(expect.arrayContaining(api.members));
    expect(ownerChoices(DATA_START_ROW + 1)).toEqual(choices);
    expect(choices).toEqual([...choices].sort());
  });

  it('lists the owners on the board for a member who may not list members, and asks nothing more', () => {
    const { api, env, ownerChoices } = pulledAs('editor');

    const choices = (ownerChoices(DATA_START_ROW) ?? []) as string[];
    const boardOwners = new Set(
      api.board.objectives
        .flatMap((o) => [
          o.owner,
          ...o.keyResults.map((kr) => kr.owner),
          ...o.initiatives.map((i) => i.owner),
        ])
        .filter((x) => x !== null),
    );
    expect(env.ui.alerts).toEqual([]);
    expect(api.requestsTo('/members')).toHaveLength(0);
    expect(new Set(choices)).toEqual(boardOwners);
  });

  it('keeps the members in the list after a push, which does not list them again', () => {
    const { api, sheet, script, ownerChoices } = pulledAs('admin');
    sheet.getRange(DATA_START_ROW, columnNumber('title')).setValue('Delight customers, measurably');
    sheet.getRange(DATA_START_ROW, columnNumber('reason')).setValue('Sharper wording');

    script.pushChanges();

    expect(api.requestsTo('/members')).toHaveLength(1);
    expect(ownerChoices(DATA_START_ROW)).toEqual(expect.arrayContaining(api.members));
  });
});
