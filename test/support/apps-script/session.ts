// Owns ScriptApp (identity and OAuth tokens, AuthMode) and Session (the active and effective user, the
// script time zone). A custom function runs without the user's authorization: no tokens, no email.
import type { Execution } from './execution.js';
import { EventType, type FakeTriggers, TriggerSource } from './triggers.js';
import { FakeUser } from './users.js';

export const AuthMode = Object.freeze({
  NONE: 'NONE',
  CUSTOM_FUNCTION: 'CUSTOM_FUNCTION',
  LIMITED: 'LIMITED',
  FULL: 'FULL',
});

export interface ScriptAppOptions {
  identityToken: () => string;
  oauthToken: string;
  scriptId: string;
  triggers: FakeTriggers;
}

export function createScriptApp(execution: Execution, options: ScriptAppOptions) {
  return {
    AuthMode,
    getIdentityToken(): string {
      execution.refuseInCustomFunction('ScriptApp.getIdentityToken');
      execution.requireAuthorization('ScriptApp.getIdentityToken');
      return options.identityToken();
    },
    getOAuthToken(): string {
      execution.refuseInCustomFunction('ScriptApp.getOAuthToken');
      return options.oauthToken;
    },
    getScriptId(): string {
      return options.scriptId;
    },
    EventType,
    TriggerSource,
    newTrigger: (handler: string) => options.triggers.newTrigger(handler),
    getProjectTriggers: () => options.triggers.getProjectTriggers(),
    getUserTriggers: (spreadsheet: unknown) => options.triggers.getUserTriggers(spreadsheet),
    deleteTrigger: (trigger: Parameters<FakeTriggers['deleteTrigger']>[0]) =>
      options.triggers.deleteTrigger(trigger),
  };
}

export function createSession(
  execution: Execution,
  scriptTimeZone: () => string,
  locale: string,
  temporaryKey: string,
) {
  const user = () => new FakeUser(execution.inCustomFunction ? '' : execution.userEmail);
  return {
    getActiveUser: user,
    getEffectiveUser: user,
    getScriptTimeZone: scriptTimeZone,
    getActiveUserLocale: () => locale,
    getTemporaryActiveUserKey: () => temporaryKey,
  };
}
