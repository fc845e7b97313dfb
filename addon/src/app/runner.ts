// Owns what every entry point shares: running a menu item so any failure becomes an alert a person
// understands, running a dialog's google.script.run call so a failure reaches the page as a message, the
// connection every call needs, and asking which cycle an item is about when the sheet does not say.
import { currentCycle } from '../core/current-cycle.js';
import type { CycleListResponse, CycleView } from '@okr-ledger/api-contract';
import type { ApiClient } from '../adapters/http.js';
import type { Connection } from '../core/connection.js';
import { AddonError, describeFailure, failure, needsAction, toFailure } from '../core/failures.js';
import type { AddonServices } from './services.js';

export function describeCycles(cycles: CycleView[]): string {
  return cycles.map((cycle) => `${cycle.id} (${cycle.status})`).join(', ');
}

export function runAction(services: AddonServices, action: string, work: () => void): void {
  try {
    work();
  } catch (error) {
    const f = toFailure(error);
    services.log(`${action} failed: ${f.kind}${f.status === null ? '' : ` ${f.status}`} ${f.detail}`);
    const { title, message } = describeFailure(f);
    services.ui.alert(title, message);
  }
}

/** google.script.run hands the failure handler an Error: its message is all the page shows. */
export function dialogCall<T>(services: AddonServices, work: () => T): T {
  try {
    return work();
  } catch (error) {
    const f = toFailure(error);
    services.log(`dialog call failed: ${f.kind} ${f.detail}`);
    const { title, message } = describeFailure(f);
    throw new Error(f.kind === 'needs_action' ? message : `${title}: ${message}`);
  }
}

export function requireConnection(services: AddonServices): Connection {
  const connection = services.settings.connection();
  if (connection === null) throw new AddonError(failure('not_connected'));
  return connection;
}

/**
 * Asks which cycle, offering those `eligible` accepts, the preferred one as the default (empty answer).
 * Null when the person cancelled.
 */
export function chooseCycle(
  services: AddonServices,
  api: ApiClient,
  title: string,
  options: { eligible?: (cycle: CycleView) => boolean; none?: string } = {},
): string | null {
  const { cycles: all } = api.call<CycleListResponse>({ path: '/cycles' });
  const cycles = all.filter(options.eligible ?? (() => true));
  const preferred = currentCycle(cycles);
  if (preferred === undefined)
    throw needsAction(options.none ?? 'This organization has no cycles yet: an admin creates them.');
  const answer = services.ui.prompt(
    title,
    `Which cycle? ${describeCycles(cycles)}\nLeave empty for ${preferred.id}.`,
  );
  if (answer === null) return null;
  const chosen = answer.trim() === '' ? preferred.id : answer.trim();
  if (!cycles.some((cycle) => cycle.id === chosen)) {
    throw needsAction(`There is no cycle “${chosen}” to choose here. Cycles: ${describeCycles(cycles)}.`);
  }
  return chosen;
}

/**
 * Reads until `accept` holds, a few times with a pause between: the reports (grades, history) are read from
 * views that trail a write by a poll of the projector. Answers the last read either way.
 */
export function readUntil<T>(
  services: AddonServices,
  read: () => T,
  accept: (value: T) => boolean,
  attempts = 15,
  pauseMs = 400,
): T {
  let value = read();
  for (let attempt = 1; attempt < attempts && !accept(value); attempt += 1) {
    services.sleep?.(pauseMs);
    value = read();
  }
  return value;
}
