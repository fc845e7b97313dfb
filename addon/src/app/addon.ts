// Owns what every entry point does, start to finish: the menu items (connect, pull, push, check in,
// reports, close), the sidebar's calls and the OKR_GRADE custom function. Decisions live in the core; this
// module sequences reads, API calls and writes, holds the document lock while it syncs, and turns every
// failure into an alert (or, for the sidebar and custom function, an error message) a person understands.
import type {
  ChangesResponse,
  CheckInResponse,
  CycleListResponse,
  CycleView,
  KeyResultHistory,
  MeResponse,
} from '@okr-ledger/api-contract';
import type { ApiClient } from '../adapters/http.js';
import { decodeTokenAudience, describeAudience, type TokenAudience } from '../core/audience.js';
import type { Cell } from '../core/cells.js';
import { readText } from '../core/cells.js';
import { type CheckInContext, coerceForm, validateCheckInForm } from '../core/check-in-form.js';
import { type Connection, parseApiUrl, parseOrganization } from '../core/connection.js';
import { describeFailure, needsAction, toFailure } from '../core/failures.js';
import { GETTING_STARTED_SHEET, gettingStartedPlan } from '../core/getting-started.js';
import { cycleOfGradesSheet } from '../core/grade-overrides.js';
import { MEMBERS_SHEET } from '../core/members-sheet.js';
import { HELP_TEXT, menuEntries } from '../core/menu.js';
import { coercePullOptions, type PullChoices } from '../core/pull-options.js';
import { changesPlan, changesQuery, describeFilter, parseChangesFilter } from '../core/reports/changes.js';
import { GRADE_DATA_SHEET, lookupGrade } from '../core/reports/grade-data.js';
import { historyPlan } from '../core/reports/history.js';
import { checkInContext, refreshWithObjective } from '../core/sync.js';
import { AlignmentView } from './alignment.js';
import { CarryOverFlow } from './carry-over.js';
import { Corrections } from './corrections.js';
import { CycleLife } from './cycle-life.js';
import { GradesFlow } from './grades.js';
import { MembersFlow } from './members.js';
import { PastViews } from './past.js';
import { PullFlow } from './pull.js';
import { PushFlow } from './push.js';
import { chooseCycle, describeCycles, dialogCall, requireConnection, runAction } from './runner.js';
import type { AddonServices, CheckInResult, OpenEvent } from './services.js';
import { EditingSheets } from './sheets.js';

/** Latest calendar date anywhere on Earth right now (UTC+14): a check-in dated today is never refused. */
function latestDate(now: Date): string {
  return new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
}

export class OkrLedgerAddon {
  /** The entry points that live in modules of their own. */
  readonly features: {
    cycleLife: CycleLife;
    past: PastViews;
    corrections: Corrections;
    members: MembersFlow;
    alignment: AlignmentView;
    carryOver: CarryOverFlow;
  };

  constructor(private readonly services: AddonServices) {
    this.features = {
      cycleLife: new CycleLife(services),
      past: new PastViews(services),
      corrections: new Corrections(services),
      members: new MembersFlow(services),
      alignment: new AlignmentView(services),
      carryOver: new CarryOverFlow(services),
    };
  }

  // ---- triggers and menu --------------------------------------------------------------------------------

  onOpen(event?: OpenEvent): void {
    // Without authorization (AuthMode.NONE) properties cannot be read: offer the menu without admin items.
    let role = null;
    if (String(event?.authMode ?? '') !== 'NONE') {
      try {
        const connection = this.services.settings.connection();
        role = connection === null ? null : this.services.settings.role(connection.organizationId);
      } catch (error) {
        this.services.log(`onOpen could not read settings: ${toFailure(error).detail}`);
      }
    }
    this.services.ui.showMenu(menuEntries(role));
  }

  onInstall(event?: OpenEvent): void {
    this.onOpen(event);
  }

  connect(): void {
    this.run('connect', () => {
      const current = this.services.settings.connection();
      const keep = (what: string) => (current === null ? '' : `\nLeave empty to keep ${what}.`);
      const urlAnswer = this.services.ui.prompt(
        'Connect to OKR Ledger (1/2)',
        `The API address, e.g. https://okr.example.com${keep(current?.apiUrl ?? '')}`,
      );
      if (urlAnswer === null) return;
      const url = parseApiUrl(urlAnswer.trim() === '' && current !== null ? current.apiUrl : urlAnswer);
      if (!url.ok) throw needsAction(url.message);
      const orgAnswer = this.services.ui.prompt(
        'Connect to OKR Ledger (2/2)',
        `Your organization id, e.g. acme${keep(current?.organizationId ?? '')}`,
      );
      if (orgAnswer === null) return;
      const organization = parseOrganization(
        orgAnswer.trim() === '' && current !== null ? current.organizationId : orgAnswer,
      );
      if (!organization.ok) throw needsAction(organization.message);

      const connection: Connection = { apiUrl: url.value, organizationId: organization.value };
      let answers: unknown[];
      try {
        answers = this.services.api(connection).callAll([{ path: '/me' }, { path: '/cycles' }]);
      } catch (error) {
        const f = toFailure(error);
        if (f.kind !== 'unauthorized') throw error;
        // The usual cause on a new deployment: the API does not list this add-on's client id yet.
        const { title, message } = describeFailure(f);
        throw needsAction(`${title}. ${message}\n\n${describeAudience(this.audience())}`);
      }
      const [me, list] = answers as [MeResponse, CycleListResponse];
      this.services.settings.saveConnection(connection);
      this.services.settings.saveRole(connection.organizationId, me.role);
      this.services.ui.showMenu(menuEntries(me.role));
      if (!this.services.sheets.hasSheet(GETTING_STARTED_SHEET))
        this.services.sheets.write(gettingStartedPlan(connection.organizationId, me.email, me.role));
      const cycles = list.cycles.length === 0 ? 'no cycles yet' : `cycles: ${describeCycles(list.cycles)}`;
      this.services.ui.alert(
        'Connected',
        `Connected to ${connection.organizationId} as ${me.email} (${me.role}); ${cycles}.\nChoose OKR Ledger → Pull cycle to start.`,
      );
    });
  }

  /** From the active cycle sheet: pull it again, with its filter. Anywhere else: the Pull dialog. */
  pullCycle(): void {
    this.run('pull', () => {
      const connection = this.requireConnection();
      const cycleId = this.sheets().activeCycle();
      if (cycleId === null) {
        this.services.ui.showPullDialog();
        return;
      }
      this.pulls().pull(connection, { cycleId, ...this.services.settings.pullFilter(cycleId) });
    });
  }

  /** The Pull dialog's choices (google.script.run). */
  loadPullOptions(): PullChoices {
    return this.sidebarCall(() => this.pulls().choices(this.services.api(this.requireConnection())));
  }

  /** The Pull dialog's answer (google.script.run): what was pulled, for the dialog to show. */
  pullWithOptions(options: unknown): CheckInResult {
    return this.sidebarCall(() => {
      const connection = this.requireConnection();
      const coerced = coercePullOptions(options);
      if (coerced === null) throw needsAction('Choose a cycle to pull.');
      const message = this.pulls().pull(connection, coerced);
      return { message: message ?? 'Nothing pulled: your unsent changes are kept.' };
    });
  }

  private pulls(): PullFlow {
    return new PullFlow(this.services, this.sheets());
  }

  private sheets(): EditingSheets {
    return new EditingSheets(this.services.sheets);
  }

  pushChanges(): void {
    this.run('push', () => {
      const connection = this.requireConnection();
      // The Grades and Members sheets push what they hold: overrides, and members with their roles.
      const active = this.services.sheets.activeSheetName();
      const gradesCycle = cycleOfGradesSheet(active);
      if (gradesCycle !== null)
        return new GradesFlow(this.services).pushOverrides(this.services.api(connection), gradesCycle);
      if (active === MEMBERS_SHEET) return new MembersFlow(this.services).push(connection);
      const cycleId = this.sheets().editingCycle();
      if (cycleId === null)
        throw needsAction('Open the “OKRs <cycle>” sheet you want to push, then choose Push changes again.');
      const report = new PushFlow(this.services, this.sheets()).push(connection, cycleId);
      if (report.alert === true)
        this.services.ui.alert(report.sent ? 'Pushed with problems' : 'Nothing pushed', report.text);
      else this.services.sheets.toast(report.text, `Pushed ${cycleId}`);
    });
  }

  openCheckIn(): void {
    this.run('check in', () => {
      this.requireConnection();
      this.sheets().selectedKeyResult();
      this.services.ui.showCheckInSidebar();
    });
  }

  showKeyResultHistory(): void {
    this.run('history', () => {
      const api = this.services.api(this.requireConnection());
      let keyResultId = this.sheets().selectedId();
      if (keyResultId === null || !keyResultId.startsWith('kr_')) {
        const answer = this.services.ui.prompt(
          'KR history',
          'Select a key result row in an “OKRs <cycle>” sheet first, or type a key result id (kr_…):',
        );
        if (answer === null) return;
        keyResultId = answer.trim();
        if (!/^kr_[A-Za-z0-9_-]{8,40}$/.test(keyResultId))
          throw needsAction(`“${keyResultId}” is not a key result id (kr_…).`);
      }
      const history = api.call<KeyResultHistory>({ path: `/key-results/${keyResultId}/history` });
      this.services.sheets.write(historyPlan(history));
    });
  }

  showMidCycleChanges(): void {
    this.run('changes', () => {
      const api = this.services.api(this.requireConnection());
      const cycleId = this.sheets().activeCycle() ?? this.chooseCycle(api, 'Mid-cycle changes');
      if (cycleId === null) return;
      const answer = this.services.ui.prompt(
        `Mid-cycle changes · ${cycleId}`,
        'Filter (optional), e.g. from=2026-10-01 to=2026-12-31 team=Growth owner=ana@example.com kind=late check-in\nLeave empty for every change.',
      );
      if (answer === null) return;
      const filter = parseChangesFilter(answer);
      if (!filter.ok) throw needsAction(filter.message);
      const changes = api.call<ChangesResponse>({
        path: `/cycles/${cycleId}/changes`,
        query: changesQuery(filter.value),
      });
      this.services.sheets.write(changesPlan(changes, filter.value));
      this.services.sheets.toast(
        `${changes.entries.length} entries (${describeFilter(filter.value)}).`,
        'Mid-cycle changes',
      );
    });
  }

  showGrades(): void {
    this.run('grades', () => {
      const api = this.services.api(this.requireConnection());
      const cycleId = this.sheets().activeCycle() ?? this.chooseCycle(api, 'Quarter-end grades');
      if (cycleId === null) return;
      new GradesFlow(this.services).pull(api, cycleId);
    });
  }

  closeCycle(): void {
    this.run('close', () => {
      const api = this.services.api(this.requireConnection());
      const cycleId = this.sheets().activeCycle() ?? this.chooseCycle(api, 'Close cycle');
      if (cycleId === null) return;
      const confirmed = this.services.ui.confirm(
        `Close ${cycleId}?`,
        'Closing freezes the grades. Check-ins dated inside the cycle are refused afterwards unless an admin reopens it (with a reason). Close now?',
      );
      if (!confirmed) return;
      // The API answers the cycle itself (its OpenAPI `Cycle`), not an envelope.
      const cycle = api.call<CycleView>({ method: 'post', path: `/cycles/${cycleId}/close` });
      this.services.ui.alert(
        'Cycle closed',
        `${cycle.id} is ${cycle.status}. Choose Quarter-end grades to pull the frozen grades.`,
      );
    });
  }

  showHelp(): void {
    this.run('help', () =>
      this.services.ui.alert('OKR Ledger', `${HELP_TEXT}\n\n${describeAudience(this.audience())}`),
    );
  }

  private audience(): TokenAudience | null {
    const token = this.services.identityToken();
    return token === null ? null : decodeTokenAudience(token);
  }

  // ---- sidebar (google.script.run) -----------------------------------------------------------------------

  loadCheckInContext(): CheckInContext {
    return this.sidebarCall(() => {
      this.requireConnection();
      const { board, keyResultId } = this.sheets().selectedKeyResult();
      const context = checkInContext(board, keyResultId);
      if (context === null)
        throw needsAction('This key result is not in the last pull: pull the cycle again.');
      return context;
    });
  }

  submitCheckIn(form: unknown): CheckInResult {
    return this.sidebarCall(() => {
      const connection = this.requireConnection();
      const coerced = coerceForm(form);
      const cycleId = this.sheets().activeCycle();
      const board = cycleId === null ? null : (this.sheets().lastPull(cycleId)?.board ?? null);
      const keyResult = board === null ? null : checkInContext(board, coerced.keyResultId);
      const milestoneIds = keyResult === null ? null : keyResult.milestones.map((m) => m.id);
      const valid = validateCheckInForm(coerced, latestDate(this.services.now()), milestoneIds);
      if (!valid.ok) throw needsAction(valid.errors.map((error) => error.message).join('\n'));
      const { request, idempotencyKey, keyResultId } = valid.value;
      // Saying where the KR lives spares the server a look-up: the check-in is then two DynamoDB requests.
      const where =
        keyResult === null ? {} : { objectiveId: keyResult.objectiveId, cycleId: keyResult.cycleId };
      const response = this.services.api(connection).call<CheckInResponse>({
        method: 'post',
        path: `/key-results/${keyResultId}/check-ins`,
        body: { ...request, ...where },
        headers: { 'Idempotency-Key': idempotencyKey },
      });
      this.refreshAfterCheckIn(response, keyResultId);
      const title = keyResult?.title ?? keyResultId;
      return {
        message: response.replayed
          ? `This check-in of “${title}” was already recorded; nothing was added.`
          : `Checked in “${title}”.`,
      };
    });
  }

  // ---- custom function ------------------------------------------------------------------------------------

  /**
   * Reads the grades of the last pull only: custom functions get no identity token for the API. `_refresh`
   * is not read: passing OKR_GRADES_PULLED_AT there makes Sheets recalculate the cell after each pull.
   */
  OKR_GRADE(id: unknown, cycle?: unknown, _refresh?: unknown): number | (number | string)[][] {
    const data = this.services.sheets.readAll(GRADE_DATA_SHEET);
    if (data.length === 0)
      throw new Error('No grades pulled yet: choose OKR Ledger → Quarter-end grades first');
    const cycleId = cycle === undefined || cycle === null || cycle === '' ? undefined : String(cycle);
    try {
      if (Array.isArray(id)) {
        return id.map((row: unknown) =>
          (Array.isArray(row) ? row : [row]).map((cell: unknown) =>
            readText(cell as Cell) === '' ? '' : lookupGrade(data, readText(cell as Cell), cycleId),
          ),
        );
      }
      return lookupGrade(data, readText(id as Cell), cycleId);
    } catch (error) {
      throw new Error(error instanceof Error ? error.message : String(error));
    }
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  private run(action: string, work: () => void): void {
    runAction(this.services, action, work);
  }

  private sidebarCall<T>(work: () => T): T {
    return dialogCall(this.services, work);
  }

  private requireConnection(): Connection {
    return requireConnection(this.services);
  }

  private chooseCycle(api: ApiClient, title: string): string | null {
    return chooseCycle(this.services, api, title);
  }

  /** The sheet shows the new state at once; rows with unsent edits keep them. */
  private refreshAfterCheckIn(response: CheckInResponse, keyResultId: string): void {
    const cycleId = response.objective.cycleId;
    try {
      this.services.lock(() => {
        const last = this.sheets().lastPull(cycleId);
        const state = this.sheets().editingSheet(cycleId, true);
        if (last === null || state === null) return;
        const writes = refreshWithObjective(
          state,
          last.board,
          response.objective,
          keyResultId,
          last.members,
          last.alignment,
          { cadenceDays: last.cadenceDays, now: this.services.now().toISOString() },
        );
        this.services.sheets.write(writes.snapshot);
        this.services.sheets.write(writes.editing);
      });
    } catch (error) {
      // The check-in is recorded; a sheet that could not be refreshed catches up on the next pull.
      this.services.log(`refresh after check-in failed: ${toFailure(error).detail}`);
    }
  }
}

export type { AddonServices, CheckInResult, OpenEvent } from './services.js';
