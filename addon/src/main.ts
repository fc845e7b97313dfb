/// <reference types="google-apps-script" />
// Owns the add-on's global API: one exported function per entry point (trigger, menu item,
// google.script.run target, custom function), each building the add-on over the Apps Script services
// of the moment and delegating to it. The build exposes these as `OkrLedger.*` and writes the top-level
// stubs Apps Script needs.
import { ApiClient } from './adapters/http.js';
import { LinkedCellReader, LinkedRowMetadata, SyncTrigger } from './adapters/linked-cells.js';
import { withDocumentLock } from './adapters/lock.js';
import { SettingsStore } from './adapters/settings.js';
import { SheetsGateway } from './adapters/spreadsheet.js';
import { UiGateway } from './adapters/ui.js';
import { type AddonServices, OkrLedgerAddon, type OpenEvent } from './app/addon.js';
import { entryPointsOf } from './app/entries.js';
import { LinkCellDialog, linkedValueEntryPoints } from './app/link-dialog.js';
import { LinkedValuesFlow } from './app/linked-values.js';

function services(): AddonServices {
  return {
    sheets: new SheetsGateway(SpreadsheetApp),
    ui: new UiGateway(SpreadsheetApp, HtmlService),
    settings: new SettingsStore(PropertiesService),
    api: (connection) => new ApiClient(UrlFetchApp, connection, () => ScriptApp.getIdentityToken()),
    lock: (work) => withDocumentLock(LockService, work),
    identityToken: () => {
      try {
        return ScriptApp.getIdentityToken() || null;
      } catch {
        return null;
      }
    },
    now: () => new Date(),
    log: (message) => console.log(message),
    sleep: (ms) => Utilities.sleep(ms),
    linkRows: new LinkedRowMetadata(SpreadsheetApp),
  };
}

/** Built per call: Apps Script may run each trigger in a fresh runtime, and services are cheap to wrap. */
const addon = () => entryPointsOf(new OkrLedgerAddon(services()));
const linkedValues = () => {
  const base = services();
  const cells = new LinkedCellReader(SpreadsheetApp);
  const flow = new LinkedValuesFlow(
    base,
    cells,
    new SyncTrigger(ScriptApp),
    new LinkedRowMetadata(SpreadsheetApp),
  );
  return linkedValueEntryPoints(flow, new LinkCellDialog(base, flow, cells));
};

export function onOpen(event?: OpenEvent): unknown {
  return addon().onOpen(event);
}
export function onInstall(event?: OpenEvent): unknown {
  return addon().onInstall(event);
}
export function connect(): unknown {
  return addon().connect();
}
export function pullCycle(): unknown {
  return addon().pullCycle();
}
export function loadPullOptions(): unknown {
  return addon().loadPullOptions();
}
export function pullWithOptions(options: unknown): unknown {
  return addon().pullWithOptions(options);
}
export function pushChanges(): unknown {
  return addon().pushChanges();
}
export function openCheckIn(): unknown {
  return addon().openCheckIn();
}
export function showKeyResultHistory(): unknown {
  return addon().showKeyResultHistory();
}
export function showMidCycleChanges(): unknown {
  return addon().showMidCycleChanges();
}
export function showGrades(): unknown {
  return addon().showGrades();
}
export function showAlignment(): unknown {
  return addon().showAlignment();
}
export function openCarryOver(): unknown {
  return addon().openCarryOver();
}
export function loadCarryOverOptions(sourceCycleId?: unknown): unknown {
  return addon().loadCarryOverOptions(sourceCycleId);
}
export function submitCarryOver(form: unknown): unknown {
  return addon().submitCarryOver(form);
}
export function closeCycle(): unknown {
  return addon().closeCycle();
}
export function showHelp(): unknown {
  return addon().showHelp();
}
export function linkKeyResultToCell(): unknown {
  return linkedValues().linkKeyResultToCell();
}
export function loadLinkCellContext(): unknown {
  return linkedValues().loadLinkCellContext();
}
export function readSelectedCellForLink(): unknown {
  return linkedValues().readSelectedCellForLink();
}
export function submitLinkCell(form: unknown): unknown {
  return linkedValues().submitLinkCell(form);
}
export function unlinkKeyResultCell(): unknown {
  return linkedValues().unlinkKeyResultCell();
}
export function syncLinkedValuesNow(): unknown {
  return linkedValues().syncLinkedValuesNow();
}
export function syncLinkedValuesOnSchedule(_event?: unknown): unknown {
  return linkedValues().syncLinkedValuesOnSchedule();
}
export function loadCheckInContext(): unknown {
  return addon().loadCheckInContext();
}
export function submitCheckIn(form: unknown): unknown {
  return addon().submitCheckIn(form);
}
export function OKR_GRADE(id: unknown, cycle?: unknown, refresh?: unknown): unknown {
  return addon().OKR_GRADE(id, cycle, refresh);
}
export function openNewCycle(): unknown {
  return addon().openNewCycle();
}
export function loadNewCycleDefaults(): unknown {
  return addon().loadNewCycleDefaults();
}
export function createCycle(form: unknown): unknown {
  return addon().createCycle(form);
}
export function activateCycle(): unknown {
  return addon().activateCycle();
}
export function reopenCycle(): unknown {
  return addon().reopenCycle();
}
export function openBoardAsOf(): unknown {
  return addon().openBoardAsOf();
}
export function openCompare(): unknown {
  return addon().openCompare();
}
export function loadPastOptions(): unknown {
  return addon().loadPastOptions();
}
export function showBoardAsOf(form: unknown): unknown {
  return addon().showBoardAsOf(form);
}
export function compareDates(form: unknown): unknown {
  return addon().compareDates(form);
}
export function openCorrection(): unknown {
  return addon().openCorrection();
}
export function loadCorrectionContext(): unknown {
  return addon().loadCorrectionContext();
}
export function submitCorrection(form: unknown): unknown {
  return addon().submitCorrection(form);
}
export function showMembers(): unknown {
  return addon().showMembers();
}
