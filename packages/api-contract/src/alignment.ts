// The alignment tree of a cycle (docs/alignment.md): its objectives with those of the cycles enclosing it
// and of the other cycles those enclose, each with its own and aligned progress and band, in tree order.
import { BANDS, CYCLE_STATUSES } from '@okr-ledger/okr-domain';
import { z } from 'zod';

export const AlignmentObjectiveSchema = z.object({
  id: z.string(),
  cycleId: z.string(),
  title: z.string(),
  owner: z.string().nullable(),
  /** The `team` value as stored (an id, or a name typed before teams existed). */
  team: z.string().nullable(),
  /** The team it reads as (see resolveTeam); null when it names none. */
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  parentObjectiveId: z.string().nullable(),
  /** The contribution weight of the link to the parent (the objective's weight; 0 = shown, not counted). */
  weight: z.number(),
  /** 0 for a root of the tree. */
  depth: z.number().int(),
  children: z.array(z.string()),
  /** Progress score while the cycle runs, the settled grade once it is closed. */
  ownProgress: z.number(),
  ownBand: z.enum(BANDS),
  alignedProgress: z.number(),
  alignedBand: z.enum(BANDS),
  /** The cycle is closed: own and aligned figures are grades (rounded half-up to two decimals). */
  graded: z.boolean(),
});

export const AlignmentResponseSchema = z.object({
  cycleId: z.string(),
  /** The instant the tree describes (now, or the `asOf` asked for). */
  asOf: z.string(),
  cycles: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      startsOn: z.string(),
      endsOn: z.string(),
      status: z.enum(CYCLE_STATUSES),
    }),
  ),
  teams: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      parentTeamId: z.string().nullable(),
      archived: z.boolean(),
    }),
  ),
  objectives: z.array(AlignmentObjectiveSchema),
});

export type AlignmentObjective = z.infer<typeof AlignmentObjectiveSchema>;
export type AlignmentResponse = z.infer<typeof AlignmentResponseSchema>;
