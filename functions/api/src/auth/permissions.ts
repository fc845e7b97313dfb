// Who may do what: every route under /v1/orgs/{org} names one action, and this table gives the least role
// that action needs. One table, so the rule set can be read (and tested as a matrix) in one place.
import type { Role } from '@okr-ledger/okr-domain';

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

export const REQUIRED_ROLE = {
  'me.read': 'viewer',
  'cycles.list': 'viewer',
  'cycles.read': 'viewer',
  'cycles.create': 'admin',
  'cycles.activate': 'admin',
  'cycles.close': 'admin',
  'cycles.reopen': 'admin',
  'board.read': 'viewer',
  'diff.read': 'viewer',
  'attention.read': 'viewer',
  'changes.read': 'viewer',
  'grades.read': 'viewer',
  // Grade overrides, here and inside a batch, are checked per command by the domain: an admin, or an
  // editor who owns the objective.
  'commands.submit': 'editor',
  'grades.override': 'editor',
  'checkIns.record': 'editor',
  'history.read': 'viewer',
  'members.list': 'admin',
  'members.read': 'admin',
  'members.put': 'admin',
  'members.remove': 'admin',
  'settings.read': 'viewer',
  'settings.put': 'admin',
  // Each member, for themselves (the decider checks whose subscription it is).
  'digest.subscribe': 'viewer',
  'teams.list': 'viewer',
  'teams.create': 'admin',
  'teams.change': 'admin',
  'teams.archive': 'admin',
  'alignment.read': 'viewer',
  // A team editor carries only objectives of their teams: checked per objective by the decider.
  'carryOver.submit': 'editor',
} as const satisfies Record<string, Role>;

export type Action = keyof typeof REQUIRED_ROLE;

export const hasRole = (role: Role, needed: Role): boolean => RANK[role] >= RANK[needed];

export const mayPerform = (role: Role, action: Action): boolean => hasRole(role, REQUIRED_ROLE[action]);
