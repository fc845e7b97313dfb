// The role table: viewers read, editors write OKRs and check-ins, admins run cycles, members and grades.
import type { Role } from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import { type Action, mayPerform, REQUIRED_ROLE } from '../../../functions/api/src/auth/permissions.js';

const ROLES: Role[] = ['viewer', 'editor', 'admin'];

describe('who may do what', () => {
  it('every action is allowed to admins', () => {
    for (const action of Object.keys(REQUIRED_ROLE) as Action[])
      expect(mayPerform('admin', action)).toBe(true);
  });

  it('viewers may only read, and opt themselves out of the digest', () => {
    // Act
    const allowed = (Object.keys(REQUIRED_ROLE) as Action[]).filter((action) => mayPerform('viewer', action));
    // Assess
    expect(allowed.sort()).toEqual(
      [
        'alignment.read',
        'attention.read',
        'board.read',
        'changes.read',
        'cycles.list',
        'cycles.read',
        'diff.read',
        // The one write: their own digest subscription (the decider refuses anyone else's).
        'digest.subscribe',
        'grades.read',
        'history.read',
        'me.read',
        'settings.read',
        'teams.list',
      ].sort(),
    );
  });

  it('editors add OKR writes, check-ins and overrides (of objectives they own), nothing of the admin work', () => {
    // Act
    const editorOnly = (Object.keys(REQUIRED_ROLE) as Action[]).filter(
      (action) => mayPerform('editor', action) && !mayPerform('viewer', action),
    );
    // Assess
    expect(editorOnly.sort()).toEqual([
      'carryOver.submit',
      'checkIns.record',
      'commands.submit',
      'grades.override',
    ]);
  });

  it('roles are ordered: whatever a role may do, every higher role may do too', () => {
    for (const action of Object.keys(REQUIRED_ROLE) as Action[]) {
      const allowed = ROLES.map((role) => mayPerform(role, action));
      expect(allowed).toEqual([...allowed].sort());
    }
  });
});
