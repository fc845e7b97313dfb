// HTTP round trips and bytes of a sheet pull and push, for boards of 50, 200 and 1,000 KRs: the built
// add-on (addon/dist's Code.js, built here) runs in the Apps Script fakes with real synchronous UrlFetch
// against the API in a child process, which logs every request with its body sizes.

import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type vm from 'node:vm';
import { columnNumber, DATA_START_ROW, editingSheetName } from '@okr-ledger/addon';
import { buildCode, buildPullDialog } from '../../addon/build.js';
import { createAppsScriptEnvironment } from '../../test/support/apps-script/index.js';
import { formatNumber } from '../lib/markdown.js';
import { summarizeRequests } from '../lib/served-requests.js';
import type { SheetSyncRow } from '../report/results.js';
import type { BenchDataset } from '../setup/dataset.js';
import type { ApiWiring } from '../setup/bench-api.js';
import type { BenchStack } from '../setup/stack.js';
import {
  type ServedRequest,
  type ServerCommand,
  type ServerMessage,
  WIRING_VARIABLE,
} from './sheet-api-protocol.js';

/** The API in a child process started with this process's loader flags (tsx), talking over IPC. */
class ApiServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(stack: BenchStack): Promise<ApiServerProcess> {
    const wiring: Omit<ApiWiring, 'instrument'> = {
      endpoint: stack.dynamo.endpoint,
      tables: stack.tables,
      publicJwks: stack.issuer.publicJwks,
    };
    const child = fork(fileURLToPath(new URL('./sheet-api-server.ts', import.meta.url)), {
      env: { ...process.env, [WIRING_VARIABLE]: JSON.stringify(wiring) },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code) => reject(new Error(`the API process exited (${code}) before listening`)));
        child.once('message', (message: ServerMessage) => {
          if (message.type === 'listening') resolve(message.port);
          else reject(new Error(`unexpected first message ${message.type}`));
        });
      });
      child.removeAllListeners('exit');
      return new ApiServerProcess(child, port);
    } catch (error) {
      child.kill();
      throw error;
    }
  }

  private ask(command: ServerCommand, answer: ServerMessage['type']): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: ServerMessage) => {
        if (message.type !== answer) return;
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        resolve(message);
      };
      const onExit = (code: number | null) => reject(new Error(`the API process exited (${code})`));
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send(command);
    });
  }

  async takeLog(): Promise<ServedRequest[]> {
    const message = await this.ask({ type: 'log' }, 'log');
    return message.type === 'log' ? message.entries : [];
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await this.ask({ type: 'stop' }, 'stopped');
    } finally {
      if (this.child.exitCode === null) this.child.kill();
      await exited;
    }
  }
}

type AddonScript = vm.Context &
  Record<'pullCycle' | 'pushChanges' | 'loadPullOptions', () => void> &
  Record<'pullWithOptions', (options: { cycleId: string }) => void>;

export interface SheetSyncContext {
  stack: BenchStack;
  dataset: BenchDataset;
  token: string;
}

export async function measureSheetSync(ctx: SheetSyncContext): Promise<SheetSyncRow[]> {
  const [code, pullDialog] = await Promise.all([buildCode(), buildPullDialog()]);
  const server = await ApiServerProcess.start(ctx.stack);
  const rows: SheetSyncRow[] = [];
  try {
    for (const board of ctx.dataset.boards) {
      const env = createAppsScriptEnvironment({
        fetch: 'real',
        identityToken: ctx.token,
        userEmail: ctx.dataset.adminEmail,
        files: { PullDialog: pullDialog },
      });
      try {
        env.properties.document.setProperty('okrLedger.apiUrl', `http://127.0.0.1:${server.port}`);
        env.properties.document.setProperty('okrLedger.organization', ctx.dataset.org);
        const script = env.load(code) as AddonScript;
        const failIfAlerted = (action: string) => {
          const alert = env.ui.alerts[0];
          if (alert !== undefined) throw new Error(`${action} of ${board.cycleId}: ${JSON.stringify(alert)}`);
        };
        const row = async (action: SheetSyncRow['action'], detail: string) => {
          rows.push({
            keyResults: board.keyResults,
            action,
            detail,
            ...summarizeRequests(await server.takeLog()),
          });
        };

        // A new spreadsheet: Pull opens its dialog, which lists the cycles, and the person picks one.
        script.pullCycle();
        script.loadPullOptions();
        script.pullWithOptions({ cycleId: board.cycleId });
        failIfAlerted('first pull');
        await row('first pull', 'cycle chosen from the list');

        // The editing sheet is open now: pulling again needs no question.
        script.pullCycle();
        failIfAlerted('pull');
        await row('pull', 'from the open sheet');

        // The weekly update: a new current value typed on every KR row, then one push.
        const sheet = env.spreadsheet.getSheetByName(editingSheetName(board.cycleId));
        if (sheet === null) throw new Error(`no editing sheet for ${board.cycleId}`);
        const rowCount = sheet.getLastRow() - DATA_START_ROW + 1;
        const ids = sheet.getRange(DATA_START_ROW, columnNumber('id'), rowCount, 1).getValues();
        const current = sheet.getRange(DATA_START_ROW, columnNumber('current'), rowCount, 1);
        const typed = current
          .getValues()
          .map(([value], index) => (String(ids[index]?.[0] ?? '').startsWith('kr_') ? [42] : [value ?? '']));
        current.setValues(typed);
        await server.takeLog();
        script.pushChanges();
        failIfAlerted('push');
        const saved = env.ui.toasts.at(-1)?.message ?? '';
        if (!saved.startsWith(`${board.keyResults} saved`)) {
          throw new Error(`push of ${board.cycleId} did not save every check-in: ${saved}`);
        }
        await row('push', `${formatNumber(board.keyResults)} check-ins`);
      } finally {
        await env.dispose();
      }
    }
  } finally {
    await server.stop();
  }
  return rows;
}
