// One client of the concurrency test: its fifty commands in a shuffled but seeded order, each command
// carrying its id as a marker in the text it stores, and the verdict the API gave each one.
import type { EventItem } from '@okr-ledger/event-store';
import type { HttpServer, Reply } from './api-harness.js';
import type { Seeded } from './scenario.js';

/** What the server said about one command. */
export type Verdict = 'applied' | 'replayed' | 'conflict' | 'invalid' | 'precondition-failed';

export interface Sent {
  commandId: string;
  /** What this command was written to provoke. */
  expected: Verdict;
  verdict: Verdict | `unexpected ${number}`;
}

/** The command id in brackets: every command stores it in the text it writes. */
const marked = (text: string, commandId: string) => `${text} [${commandId}]`;
const MARKER = /\[(load-[A-Za-z0-9_-]+)\]$/;

/** The marker of the command that wrote an event (null for the seed's events). */
export function markerOf(event: EventItem): string | null {
  const data = event.data as Record<string, unknown>;
  const titleChange = (data.changes as { field: string; after: unknown }[] | undefined)?.find(
    (change) => change.field === 'title',
  );
  const text =
    event.eventType === 'CheckInRecorded'
      ? data.note
      : event.eventType === 'InitiativeAdded'
        ? (data.initiative as { title?: unknown }).title
        : event.eventType === 'ObjectiveCreated' || event.eventType === 'KeyResultAdded'
          ? (data.definition as { title?: unknown }).title
          : titleChange?.after;
  return typeof text === 'string' ? (MARKER.exec(text)?.[1] ?? null) : null;
}

/** A small deterministic generator, so a failing run can be replayed exactly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface BatchResult {
  status: string;
  commandId: string;
  objectiveId: string | null;
  version?: number;
  replayed?: boolean;
}

type Operation = 'sheetPush' | 'mixedPush' | 'repeatPush' | 'checkIn' | 'repeatCheckIn' | 'staleCheckIn';

/**
 * A client's commands after creating its objective (3): four 6-command sheet pushes, two 4-command
 * pushes from a stale sheet, one repeated push (6), four sidebar check-ins, three repeated ones and two
 * with a stale If-Match; fifty in all. Sheets carry several commands per request, as they do in use.
 */
const PLAN: Operation[] = [
  ...Array<Operation>(4).fill('sheetPush'),
  ...Array<Operation>(2).fill('mixedPush'),
  'repeatPush',
  ...Array<Operation>(4).fill('checkIn'),
  ...Array<Operation>(3).fill('repeatCheckIn'),
  ...Array<Operation>(2).fill('staleCheckIn'),
];

/** The plan in a random order, a repeat moved back until there is something to repeat. */
function shuffledPlan(random: () => number): Operation[] {
  const shuffled = [...PLAN];
  for (let i = shuffled.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j] as Operation, shuffled[i] as Operation];
  }
  const ordered: Operation[] = [];
  const deferred: Operation[] = [];
  for (const operation of shuffled) {
    const needs = operation === 'repeatPush' ? 'sheetPush' : operation === 'repeatCheckIn' ? 'checkIn' : null;
    if (needs !== null && !ordered.includes(needs)) deferred.push(operation);
    else ordered.push(operation);
  }
  return [...ordered, ...deferred];
}

export class LoadClient {
  readonly sent: Sent[] = [];
  requests = 0;
  /** 503s answered for a busy stream, each repeated unchanged. */
  retries = 0;
  private readonly random: () => number;
  private readonly as: string;
  private readonly ownObjectiveId: string;
  private readonly ownKeyResultIds: string[];
  private ownVersion = 0;
  private readonly initiatives: string[] = [];
  private readonly checkInsSent: { keyResultId: string; commandId: string; value: number }[] = [];
  private readonly pushesSent: Record<string, unknown>[][] = [];
  private counter = 0;

  constructor(
    private readonly index: number,
    private readonly scenario: Seeded,
    private readonly runId: string,
    private readonly http: HttpServer,
  ) {
    this.random = seededRandom(1_000 + index);
    this.as = scenario.editors[index] ?? '';
    const tag = `${String(index).padStart(3, '0')}${runId}`;
    this.ownObjectiveId = `obj_loadown${tag}`;
    this.ownKeyResultIds = [0, 1].map((kr) => `kr_loadown${tag}k${kr}`);
  }

  async run(): Promise<void> {
    await this.createOwnObjective();
    for (const operation of shuffledPlan(this.random)) await this[operation]();
  }

  private nextCommandId(): string {
    this.counter += 1;
    return `load-${this.runId}-c${this.index}-n${this.counter}`;
  }

  private sharedKeyResult(): { objectiveId: string; keyResultId: string } {
    const objective = this.scenario.objectives[Math.floor(this.random() * this.scenario.objectives.length)];
    const keyResultId = objective?.keyResultIds[Math.floor(this.random() * objective.keyResultIds.length)];
    if (!objective || !keyResultId) throw new Error('the seed has shared objectives with KRs');
    return { objectiveId: objective.objectiveId, keyResultId };
  }

  /** Whether the last request was answered 503 before the reply it returned (the client's calls are sequential). */
  private resent = false;

  /** Sends a request; a 503 (a stream too busy right now) is repeated unchanged, as clients should. */
  private async send(method: string, path: string, options: Parameters<HttpServer['request']>[2]) {
    this.resent = false;
    for (;;) {
      this.requests += 1;
      const reply = await this.http.request(method, path, { as: this.as, ...options });
      if (reply.status !== 503) return reply;
      this.resent = true;
      this.retries += 1;
      await sleep(50 + Math.floor(this.random() * 100));
    }
  }

  /**
   * What a command may answer: a batch is atomic per objective, so a 503 for one busy objective can come
   * after another objective's commands were written; the unchanged resend then gets their first answers
   * back as replays (nothing written twice, which the test checks from the table).
   */
  private expectedAfterResend(expected: Verdict, verdict: Sent['verdict']): Verdict {
    return this.resent && expected === 'applied' && verdict === 'replayed' ? 'replayed' : expected;
  }

  private push(commands: Record<string, unknown>[]): Promise<Reply> {
    return this.send('POST', `/v1/orgs/${this.scenario.org}/cycles/${this.scenario.cycleId}/commands`, {
      body: { commands },
    });
  }

  /** Records each command's verdict from a batch answer, and follows the client's own objective. */
  private recordBatch(reply: Reply, commands: Record<string, unknown>[], expected: Verdict[]): void {
    const results = reply.status === 200 ? (reply.body as { results: BatchResult[] }).results : null;
    commands.forEach((command, position) => {
      const result = results?.[position];
      const verdict: Sent['verdict'] =
        result === undefined
          ? `unexpected ${reply.status}`
          : result.status === 'applied'
            ? result.replayed
              ? 'replayed'
              : 'applied'
            : (result.status as Verdict);
      this.sent.push({
        commandId: String(command.commandId),
        expected: this.expectedAfterResend(expected[position] ?? 'applied', verdict),
        verdict,
      });
      if (result?.objectiveId === this.ownObjectiveId && typeof result.version === 'number') {
        this.ownVersion = Math.max(this.ownVersion, result.version);
      }
    });
  }

  private async createOwnObjective(): Promise<void> {
    const createId = this.nextCommandId();
    const commands: Record<string, unknown>[] = [
      {
        type: 'CreateObjective',
        commandId: createId,
        objectiveId: this.ownObjectiveId,
        definition: {
          title: marked('Teams adopt the product', createId),
          owner: this.as,
          team: `team-${this.index % 4}`,
        },
      },
      ...this.ownKeyResultIds.map((keyResultId) => {
        const commandId = this.nextCommandId();
        return {
          type: 'AddKeyResult',
          commandId,
          objectiveId: this.ownObjectiveId,
          keyResultId,
          reason: 'added while the cycle runs',
          definition: {
            title: marked('Grow activated accounts', commandId),
            type: 'increase',
            start: 0,
            target: 50,
            unit: 'accounts',
          },
        };
      }),
    ];
    this.recordBatch(await this.push(commands), commands, ['applied', 'applied', 'applied']);
  }

  private checkInCommand(
    objectiveId: string,
    keyResultId: string,
    text: string,
    commandId = this.nextCommandId(),
  ): Record<string, unknown> {
    return {
      type: 'RecordCheckIn',
      commandId,
      objectiveId,
      keyResultId,
      checkInId: `chk_${commandId.replace(/-/g, '_')}`.slice(0, 44),
      value: Math.floor(this.random() * 120),
      note: marked(text, commandId),
    };
  }

  /**
   * A sheet push: check-ins on two shared KRs and on its own, a new initiative, an update of an earlier
   * one (or a fourth check-in), and a versioned edit of its own KR.
   */
  private async sheetPush(): Promise<void> {
    const own = this.ownObjectiveId;
    const initiativeId = `ini_${this.runId}c${this.index}n${this.counter + 1}`;
    const addId = this.nextCommandId();
    const earlierInitiative = this.initiatives[Math.floor(this.random() * this.initiatives.length)];
    const updateId = this.nextCommandId();
    const editId = this.nextCommandId();
    const [first, second] = [this.sharedKeyResult(), this.sharedKeyResult()];
    const commands: Record<string, unknown>[] = [
      this.checkInCommand(first.objectiveId, first.keyResultId, 'from the sheet'),
      {
        type: 'AddInitiative',
        commandId: addId,
        objectiveId: own,
        initiativeId,
        keyResultId: this.ownKeyResultIds[0],
        title: marked('Run onboarding clinics', addId),
        status: 'in_progress',
        percentComplete: 10,
      },
      this.checkInCommand(second.objectiveId, second.keyResultId, 'from the sheet'),
      earlierInitiative === undefined
        ? this.checkInCommand(own, this.ownKeyResultIds[1] ?? '', 'from the sheet', updateId)
        : {
            type: 'UpdateInitiative',
            commandId: updateId,
            objectiveId: own,
            initiativeId: earlierInitiative,
            changes: { title: marked('Run onboarding clinics', updateId), percentComplete: 60 },
          },
      {
        type: 'EditKeyResult',
        commandId: editId,
        expectedVersion: this.ownVersion,
        objectiveId: own,
        keyResultId: this.ownKeyResultIds[1],
        reason: 'the team sharpened the wording',
        changes: { title: marked('Grow activated accounts', editId) },
      },
      this.checkInCommand(own, this.ownKeyResultIds[0] ?? '', 'from the sheet'),
    ];
    this.recordBatch(await this.push(commands), commands, Array<Verdict>(6).fill('applied'));
    this.initiatives.push(initiativeId);
    this.pushesSent.push(commands);
  }

  /**
   * A push from a sheet pulled long ago: its check-in still lands, its versioned edit of a shared KR is a
   * conflict, a row naming a KR that does not exist is invalid, and so is an edit of its own KR without
   * the reason a running cycle requires.
   */
  private async mixedPush(): Promise<void> {
    const shared = this.sharedKeyResult();
    const editId = this.nextCommandId();
    const stray = this.checkInCommand(shared.objectiveId, 'kr_doesnotexist01', 'row pointing nowhere');
    const unreasonedId = this.nextCommandId();
    const commands: Record<string, unknown>[] = [
      this.checkInCommand(shared.objectiveId, shared.keyResultId, 'from an old sheet'),
      {
        type: 'EditKeyResult',
        commandId: editId,
        expectedVersion: 1,
        objectiveId: shared.objectiveId,
        keyResultId: shared.keyResultId,
        reason: 'stale sheet',
        changes: { title: marked('Raise weekly active teams', editId) },
      },
      stray,
      {
        type: 'EditKeyResult',
        commandId: unreasonedId,
        objectiveId: this.ownObjectiveId,
        keyResultId: this.ownKeyResultIds[0],
        changes: { title: marked('Grow accounts', unreasonedId) },
      },
    ];
    this.recordBatch(await this.push(commands), commands, ['applied', 'conflict', 'invalid', 'invalid']);
  }

  /** The same push again (a sheet that retried): every command answers replayed, nothing is written. */
  private async repeatPush(): Promise<void> {
    const earlier = this.pushesSent[Math.floor(this.random() * this.pushesSent.length)];
    if (!earlier) throw new Error('the plan repeats a push only after one was sent');
    this.recordBatch(await this.push(earlier), earlier, Array<Verdict>(earlier.length).fill('replayed'));
  }

  private async checkIn(): Promise<void> {
    const { keyResultId } = this.sharedKeyResult();
    const commandId = this.nextCommandId();
    const value = 10 + Math.floor(this.random() * 90);
    const reply = await this.postCheckIn(keyResultId, commandId, value);
    this.recordCheckIn(reply, commandId, 'applied');
    this.checkInsSent.push({ keyResultId, commandId, value });
  }

  /** The same check-in again, as a sidebar does when it never saw the first answer. */
  private async repeatCheckIn(): Promise<void> {
    const earlier = this.checkInsSent[Math.floor(this.random() * this.checkInsSent.length)];
    if (!earlier) throw new Error('the plan repeats a check-in only after one was sent');
    const reply = await this.postCheckIn(earlier.keyResultId, earlier.commandId, earlier.value);
    this.recordCheckIn(reply, earlier.commandId, 'replayed');
  }

  /** A check-in conditioned on version 1 of a shared objective, long gone: 412, nothing stored. */
  private async staleCheckIn(): Promise<void> {
    const { keyResultId } = this.sharedKeyResult();
    const commandId = this.nextCommandId();
    const reply = await this.postCheckIn(keyResultId, commandId, 1, '"1"');
    this.recordCheckIn(reply, commandId, 'precondition-failed');
  }

  private postCheckIn(keyResultId: string, commandId: string, value: number, ifMatch?: string) {
    return this.send('POST', `/v1/orgs/${this.scenario.org}/key-results/${keyResultId}/check-ins`, {
      headers: { 'idempotency-key': commandId, ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }) },
      body: { value, confidence: 'on_track', note: marked('weekly check-in', commandId) },
    });
  }

  private recordCheckIn(reply: Reply, commandId: string, expected: Verdict): void {
    const replayed = (reply.body as { replayed?: unknown } | null)?.replayed === true;
    const verdict: Sent['verdict'] =
      reply.status === 201
        ? replayed
          ? 'replayed'
          : 'applied'
        : reply.status === 412
          ? 'precondition-failed'
          : `unexpected ${reply.status}`;
    this.sent.push({ commandId, expected: this.expectedAfterResend(expected, verdict), verdict });
  }
}
