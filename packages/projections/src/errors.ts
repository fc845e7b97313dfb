// Typed failures of the projection. A gap is not a bug in the record at hand but a sign that an earlier
// record of its stream has not been applied yet: the record must fail and come again, never be skipped.

export class ProjectionGapError extends Error {
  override readonly name = 'ProjectionGapError';

  constructor(
    readonly streamId: string,
    readonly lastApplied: number,
    readonly version: number,
  ) {
    super(
      `${streamId}: version ${version} cannot follow ${lastApplied}; versions ${lastApplied + 1}…${version - 1} are missing`,
    );
  }
}

/** Other writers kept moving the stream's checkpoint while this one tried to apply an event. */
export class ProjectionContentionError extends Error {
  override readonly name = 'ProjectionContentionError';

  constructor(
    readonly streamId: string,
    readonly version: number,
    readonly attempts: number,
  ) {
    super(
      `${streamId}: version ${version} could not be applied after ${attempts} attempts (concurrent writers)`,
    );
  }
}

/** An event item the projector cannot read (an unknown type, a stream it does not know). */
export class UnreadableEventError extends Error {
  override readonly name = 'UnreadableEventError';
}
