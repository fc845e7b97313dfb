// Owns the Members sheet from start to finish (admins): laying out the members and their roles, and a
// push of what an admin changed there, one request per member (PUT or DELETE /members/{email}); a refusal
// (the last admin, a role only an admin may give) is reported for that member and the rest still go.
import type { ApiClient } from '../adapters/http.js';
import type { Connection } from '../core/connection.js';
import { describeFailure, toFailure } from '../core/failures.js';
import {
  describeMemberChange,
  MEMBERS_SHEET,
  type MemberView,
  membersPlan,
  planMemberChanges,
} from '../core/members-sheet.js';
import type { AddonServices } from './services.js';
import { requireConnection, runAction } from './runner.js';

/** The API client encodes each path segment itself. */
function memberPath(email: string): string {
  return `/members/${email}`;
}

export class MembersFlow {
  constructor(private readonly services: AddonServices) {}

  private list(api: ApiClient): MemberView[] {
    return api.call<{ members: MemberView[] }>({ path: '/members' }).members;
  }

  show(): void {
    runAction(this.services, 'members', () => {
      const connection = requireConnection(this.services);
      const members = this.list(this.services.api(connection));
      this.services.sheets.write(membersPlan(members, connection.organizationId));
      this.services.sheets.toast(`${members.length} members.`, 'Members');
    });
  }

  push(connection: Connection): void {
    const api = this.services.api(connection);
    const plan = planMemberChanges(this.services.sheets.readAll(MEMBERS_SHEET), this.list(api));
    const lines = plan.issues.map((issue) => `Row ${issue.row}: ${issue.message}`);
    const notes = new Map<string, string>();
    let saved = 0;
    for (const change of plan.changes) {
      try {
        if (change.kind === 'remove') api.call({ method: 'delete', path: memberPath(change.email) });
        else api.call({ method: 'put', path: memberPath(change.email), body: { role: change.role } });
        saved += 1;
      } catch (error) {
        const { title, message } = describeFailure(toFailure(error));
        const line = `${change.email}: ${title}. ${message}`;
        lines.push(`Row ${change.row}: ${line}`);
        notes.set(change.email, `Not saved: ${message}`);
      }
    }
    this.services.sheets.write(membersPlan(this.list(api), connection.organizationId, notes));
    const done =
      plan.changes.length === 0
        ? 'Nothing to push: the sheet matches the members.'
        : `${saved} saved${
            saved > 0
              ? ` (${plan.changes
                  .filter((c) => !lines.some((l) => l.includes(c.email)))
                  .map(describeMemberChange)
                  .join('; ')})`
              : ''
          }.`;
    if (lines.length > 0)
      this.services.ui.alert(
        saved > 0 ? 'Members pushed with problems' : 'Members not changed',
        `${done}\n\n${lines.join('\n')}`,
      );
    else this.services.sheets.toast(done, 'Members');
  }

  pushFromMenu(): void {
    runAction(this.services, 'push members', () => this.push(requireConnection(this.services)));
  }
}
