// A small stand-in for the OKR Ledger API at the HTTP boundary, answering the add-on's UrlFetch calls
// from an in-memory board (the API itself is tested elsewhere): enough behaviour to pull, push, check in,
// and read reports, and a log of what the add-on sent.
import type {
  AlignmentResponse,
  AttentionResponse,
  BatchResponse,
  Board,
  ChangesResponse,
  CommandResult,
  GradesReport,
  KeyResultHistory,
  KeyResultView,
  MeResponse,
  ObjectiveView,
} from '@okr-ledger/api-contract';
import type { ObjectiveCommand } from '@okr-ledger/okr-domain';
import type { FakeFetchRequest, FakeFetchResponse } from '../../support/apps-script/index.js';

export const API_URL = 'https://okr.example.com';
const PREFIX = `${API_URL}/v1/orgs/acme`;

function problem(status: number, title: string, detail: string): FakeFetchResponse {
  return {
    status,
    body: { type: `https://okr-ledger.dev/problems/${status}`, title, status, detail },
    headers: { 'Content-Type': 'application/problem+json' },
  };
}

export class FakeOkrApi {
  readonly requests: FakeFetchRequest[] = [];
  me: MeResponse = { organizationId: 'acme', email: 'lead@example.com', sub: 'sub-1', role: 'admin' };
  grades: GradesReport | null = null;
  history: KeyResultHistory | null = null;
  changes: ChangesResponse | null = null;
  /** GET /cycles/{cycle}/attention answers this; when null, a list with nothing flagged. */
  attention: AttentionResponse | null = null;
  /** GET /cycles/{cycle}/attention answers 404 instead, as while the views have not caught up yet. */
  attentionMissing = false;
  /** GET /members answers these to admins (the real API refuses the others with 403). */
  members: string[] = ['ana@example.com', 'lead@example.com', 'ravi@example.com'];
  /** GET /teams answers these; GET /cycles/{cycle}/alignment answers `alignment`, else no objectives. */
  teams: AlignmentResponse['teams'] = [];
  alignment: AlignmentResponse | null = null;
  /** Answers every request with this failure instead (e.g. 503), when set. */
  failWith: FakeFetchResponse | null = null;

  constructor(public board: Board) {}

  readonly handler = (request: FakeFetchRequest): FakeFetchResponse => {
    this.requests.push(request);
    if (this.failWith !== null) return this.failWith;
    if (request.headers.Authorization !== 'Bearer test-identity-token')
      return problem(401, 'Unauthorized', 'no token');
    if (!request.url.startsWith(PREFIX)) return problem(404, 'Not found', request.url);
    const url = new URL(request.url);
    const path = url.pathname.slice('/v1/orgs/acme'.length);
    const route = `${request.method} ${path}`;
    const cycle = this.board.cycle.id;
    if (route === 'GET /me') return { body: this.me };
    if (route === 'GET /cycles') return { body: { cycles: [this.board.cycle] } };
    if (route === 'GET /members') {
      if (this.me.role !== 'admin') return problem(403, 'Forbidden', 'only admins list members');
      return { body: { members: this.members.map((email) => ({ email, role: 'editor', signedIn: true })) } };
    }
    if (route === `GET /cycles/${cycle}/okrs`) {
      // A pull edits against the versions it reads, so it must ask for the board with every acknowledged write.
      if (url.searchParams.get('consistent') !== 'true')
        return problem(400, 'Bad request', 'the add-on must pull with consistent=true');
      return { body: this.board };
    }
    if (route === `GET /cycles/${cycle}/attention` && this.attentionMissing) {
      return problem(404, 'Not found', `There is no cycle '${cycle}'.`);
    }
    if (route === `GET /cycles/${cycle}/attention`) {
      const nothing: AttentionResponse = {
        cycleId: cycle,
        asOf: new Date(0).toISOString(),
        cadenceDays: 7,
        expectedProgress: 0,
        keyResults: [],
        failingLinks: [],
      };
      return { body: this.attention ?? nothing };
    }
    if (route === `POST /cycles/${cycle}/commands`)
      return this.batch(request.json() as { commands: ObjectiveCommand[] });
    if (route === 'GET /teams')
      return { body: { teams: this.teams.map((team) => ({ ...team, leads: [], members: [] })) } };
    if (route === `GET /cycles/${cycle}/alignment`)
      return {
        body: this.alignment ?? {
          cycleId: cycle,
          asOf: '2026-12-01T00:00:00.000Z',
          cycles: [],
          teams: this.teams,
          objectives: [],
        },
      };
    if (route === `GET /cycles/${cycle}/grades` && this.grades !== null) return { body: this.grades };
    if (route === `GET /cycles/${cycle}/changes` && this.changes !== null) return { body: this.changes };
    if (route === `POST /cycles/${cycle}/close`) {
      this.board = { ...this.board, cycle: { ...this.board.cycle, status: 'closed' } };
      return { body: this.board.cycle };
    }
    const history = /^GET \/key-results\/([^/]+)\/history$/.exec(route);
    if (history !== null && this.history?.keyResultId === history[1]) return { body: this.history };
    const checkIn = /^POST \/key-results\/([^/]+)\/check-ins$/.exec(route);
    if (checkIn?.[1] !== undefined) return this.checkIn(checkIn[1], request);
    return problem(404, 'Not found', `${route} is not here`);
  };

  requestsTo(pathPart: string): FakeFetchRequest[] {
    return this.requests.filter((request) => request.url.includes(pathPart));
  }

  private objective(id: string): ObjectiveView | undefined {
    return this.board.objectives.find((objective) => objective.id === id);
  }

  private replace(objective: ObjectiveView): void {
    this.board = {
      ...this.board,
      objectives: this.board.objectives.map((candidate) =>
        candidate.id === objective.id ? objective : candidate,
      ),
    };
  }

  private batch(body: { commands: ObjectiveCommand[] }): FakeFetchResponse {
    if (body.commands.length > 500) return problem(413, 'Too large', 'at most 500 commands');
    const results: CommandResult[] = body.commands.map((command) => this.apply(command));
    // Like the API: each objective an applied or conflicting result concerns, once, as the batch left it.
    const concerned = new Set(
      results.flatMap((result) => (result.status === 'invalid' ? [] : [result.objectiveId])),
    );
    const objectives = [...concerned].flatMap((id) => this.objective(id) ?? []);
    const response: BatchResponse = {
      results,
      objectives,
      summary: {
        applied: results.filter((r) => r.status === 'applied').length,
        conflicts: results.filter((r) => r.status === 'conflict').length,
        invalid: results.filter((r) => r.status === 'invalid').length,
      },
    };
    return { body: response };
  }

  private apply(command: ObjectiveCommand): CommandResult {
    const objective = this.objective(command.objectiveId);
    if (objective === undefined) {
      return {
        status: 'invalid',
        commandId: command.commandId,
        objectiveId: command.objectiveId,
        code: 'not_found',
        errors: [],
      };
    }
    if (command.expectedVersion !== undefined && command.expectedVersion !== objective.version) {
      return {
        status: 'conflict',
        commandId: command.commandId,
        objectiveId: objective.id,
        expectedVersion: command.expectedVersion,
        currentVersion: objective.version,
        message: 'changed since you pulled',
      };
    }
    let next: ObjectiveView = { ...objective, version: objective.version + 1 };
    if (command.type === 'RecordCheckIn') {
      next = {
        ...next,
        keyResults: next.keyResults.map((kr) =>
          kr.id === command.keyResultId
            ? { ...kr, current: command.value ?? kr.current, checkInCount: kr.checkInCount + 1 }
            : kr,
        ),
      };
    } else if (command.type === 'EditKeyResult') {
      next = {
        ...next,
        keyResults: next.keyResults.map((kr) =>
          kr.id === command.keyResultId ? { ...kr, ...(command.changes as Partial<KeyResultView>) } : kr,
        ),
      };
    } else if (command.type === 'EditObjective') {
      next = { ...next, ...command.changes };
    } else {
      return {
        status: 'invalid',
        commandId: command.commandId,
        objectiveId: objective.id,
        code: 'validation',
        errors: [{ path: 'type', message: `${command.type} is not supported by the test API` }],
      };
    }
    this.replace(next);
    return {
      status: 'applied',
      commandId: command.commandId,
      objectiveId: next.id,
      version: next.version,
      replayed: false,
    };
  }

  private checkIn(keyResultId: string, request: FakeFetchRequest): FakeFetchResponse {
    const objective = this.board.objectives.find((candidate) =>
      candidate.keyResults.some((kr) => kr.id === keyResultId),
    );
    if (objective === undefined) return problem(404, 'Not found', `no key result ${keyResultId}`);
    const body = request.json() as { value?: number; checkInId?: string };
    const next: ObjectiveView = {
      ...objective,
      version: objective.version + 1,
      keyResults: objective.keyResults.map((kr) =>
        kr.id === keyResultId ? { ...kr, current: body.value ?? kr.current } : kr,
      ),
    };
    this.replace(next);
    return {
      body: {
        checkInId: body.checkInId ?? 'chk_server0001',
        version: next.version,
        objective: next,
        replayed: false,
      },
    };
  }
}
