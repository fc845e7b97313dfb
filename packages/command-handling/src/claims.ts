// What an objective's events claim in its organization: the ids they create (each unique there) and the
// look-ups written with them, by which a check-in finds its KR's objective and a carried-over item its copy.
import { createHash } from 'node:crypto';
import {
  DERIVED_CHECK_IN_PREFIX,
  isDerivedCheckInId,
  type ObjectiveCommand,
  type ObjectiveEvent,
} from '@okr-ledger/okr-domain';
import type { IdClaim } from './decider.js';

/**
 * The check-in id for a command that names none: derived from the organization and the command id, so a
 * repeated request names the same check-in, and unique as the command id is.
 */
export const derivedCheckInId = (org: string, commandId: string) =>
  `${DERIVED_CHECK_IN_PREFIX}${createHash('sha256').update(`${org}\n${commandId}`).digest('base64url').slice(0, 32)}`;

/** The look-up key under which a KR's objective and cycle are written with the event that adds it. */
export const keyResultLookupKey = (keyResultId: string) => `keyResult:${keyResultId}`;
export const initiativeLookupKey = (initiativeId: string) => `initiative:${initiativeId}`;
export const checkInLookupKey = (checkInId: string) => `checkIn:${checkInId}`;
/** The link from an earlier cycle's objective or KR to its carried-over copy in `cycleId`. */
export const carriedOverLookupKey = (sourceId: string, cycleId: string) =>
  `carriedOver:${sourceId}:${cycleId}`;

/**
 * The ids an objective's events create, each claimed once per organization. The KR's claim doubles as the
 * look-up that lets a check-in find its objective the moment the KR exists.
 */
export function objectiveClaims(cycleId: string, events: ObjectiveEvent[]): IdClaim[] {
  return events.flatMap((event): IdClaim[] => {
    switch (event.type) {
      case 'ObjectiveCreated': {
        const from = event.data.carriedFrom;
        if (from === undefined) return [];
        return [
          {
            key: carriedOverLookupKey(from.objectiveId, cycleId),
            attributes: { objectiveId: event.data.objectiveId, cycleId },
            unique: true,
            path: ['carriedFrom'],
          },
        ];
      }
      case 'KeyResultAdded': {
        const from = event.data.carriedFrom;
        return [
          {
            key: keyResultLookupKey(event.data.keyResultId),
            attributes: { objectiveId: event.data.objectiveId, cycleId },
            unique: true,
            path: ['keyResultId'],
          },
          ...(from === undefined
            ? []
            : [
                {
                  key: carriedOverLookupKey(from.keyResultId, cycleId),
                  attributes: {
                    objectiveId: event.data.objectiveId,
                    keyResultId: event.data.keyResultId,
                    cycleId,
                  },
                  unique: true,
                  path: ['carriedFrom'],
                },
              ]),
        ];
      }
      case 'InitiativeAdded':
        return [
          {
            key: initiativeLookupKey(event.data.initiative.id),
            attributes: { objectiveId: event.data.objectiveId },
            unique: true,
            path: ['initiativeId'],
          },
        ];
      case 'CheckInRecorded':
      case 'CheckInCorrected':
        // A derived id is unique because its command id is (see DERIVED_CHECK_IN_PREFIX): nothing to claim.
        if (isDerivedCheckInId(event.data.checkInId)) return [];
        return [
          {
            key: checkInLookupKey(event.data.checkInId),
            attributes: { objectiveId: event.data.objectiveId, keyResultId: event.data.keyResultId },
            unique: true,
            path: ['checkInId'],
          },
        ];
      default:
        return [];
    }
  });
}

/** How many look-ups a command writes with its events: what `objectiveClaims` will produce for it. */
export function lookupsWrittenBy(command: ObjectiveCommand): number {
  switch (command.type) {
    case 'CreateObjective':
      return command.carriedFrom === undefined ? 0 : 1;
    case 'AddKeyResult':
      return command.carriedFrom === undefined ? 1 : 2;
    case 'AddInitiative':
      return 1;
    case 'RecordCheckIn':
    case 'CorrectCheckIn':
      return isDerivedCheckInId(command.checkInId) ? 0 : 1;
    default:
      return 0;
  }
}
