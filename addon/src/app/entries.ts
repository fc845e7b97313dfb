// Owns binding every name Apps Script calls (triggers, menu items, google.script.run targets, the custom
// function) to one add-on instance, checked against the list the build writes stubs for.
import type { EntryPointName } from '../core/entry-points.js';
import type { OkrLedgerAddon } from './addon.js';
import type { OpenEvent } from './services.js';
import type { LinkedValuesEntryPoint } from './link-dialog.js';

/** Every entry point bound to one add-on instance, checked against the list the build writes stubs for. */
export function entryPointsOf(addon: OkrLedgerAddon) {
  const { cycleLife, past, corrections, members, alignment, carryOver } = addon.features;
  return {
    openNewCycle: () => cycleLife.openNewCycle(),
    loadNewCycleDefaults: () => cycleLife.loadNewCycleDefaults(),
    createCycle: (form: unknown) => cycleLife.createCycle(form),
    activateCycle: () => cycleLife.activate(),
    reopenCycle: () => cycleLife.reopen(),
    openBoardAsOf: () => past.openBoardAsOf(),
    openCompare: () => past.openCompare(),
    loadPastOptions: () => past.loadPastOptions(),
    showBoardAsOf: (form: unknown) => past.showBoardAsOf(form),
    compareDates: (form: unknown) => past.compareDates(form),
    openCorrection: () => corrections.open(),
    loadCorrectionContext: () => corrections.loadCorrectionContext(),
    submitCorrection: (form: unknown) => corrections.submitCorrection(form),
    showMembers: () => members.show(),
    showAlignment: () => alignment.show(),
    openCarryOver: () => carryOver.open(),
    loadCarryOverOptions: (sourceCycleId?: unknown) => carryOver.loadCarryOverOptions(sourceCycleId),
    submitCarryOver: (form: unknown) => carryOver.submitCarryOver(form),
    onOpen: (event?: OpenEvent) => addon.onOpen(event),
    onInstall: (event?: OpenEvent) => addon.onInstall(event),
    connect: () => addon.connect(),
    pullCycle: () => addon.pullCycle(),
    loadPullOptions: () => addon.loadPullOptions(),
    pullWithOptions: (options: unknown) => addon.pullWithOptions(options),
    pushChanges: () => addon.pushChanges(),
    openCheckIn: () => addon.openCheckIn(),
    showKeyResultHistory: () => addon.showKeyResultHistory(),
    showMidCycleChanges: () => addon.showMidCycleChanges(),
    showGrades: () => addon.showGrades(),
    closeCycle: () => addon.closeCycle(),
    showHelp: () => addon.showHelp(),
    loadCheckInContext: () => addon.loadCheckInContext(),
    submitCheckIn: (form: unknown) => addon.submitCheckIn(form),
    OKR_GRADE: (id: unknown, cycle?: unknown, refresh?: unknown) => addon.OKR_GRADE(id, cycle, refresh),
    // The linked-value entry points are bound in linked-values.ts.
  } satisfies Record<Exclude<EntryPointName, LinkedValuesEntryPoint>, (...args: never[]) => unknown>;
}
