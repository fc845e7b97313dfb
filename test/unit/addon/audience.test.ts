// Which OAuth client the add-on signs in as, read from its identity token's aud/azp, and the exact line an
// admin adds to the stage when the API refuses it: in Connect's refusal and in Help.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAddon } from '../../../addon/build.js';
import { audienceConfigLine, decodeTokenAudience } from '../../../addon/src/core/audience.js';
import { createAppsScriptEnvironment } from '../../support/apps-script/index.js';
import { API_URL, FakeOkrApi } from './fake-api.js';
import { sampleBoard } from './fixtures.js';

const SCRIPT_CLIENT = '1234567890-bound.apps.googleusercontent.com';
const MARKETPLACE_CLIENT = '1234567890-market.apps.googleusercontent.com';

function token(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'k1' })}.${part(claims)}.c2lnbmF0dXJl`;
}

let code = '';

beforeAll(async () => {
  const built = await buildAddon({ outDir: await mkdtemp(path.join(tmpdir(), 'okr-addon-audience-')) });
  code = await readFile(built.codePath, 'utf8');
});

describe('the identity token’s audience', () => {
  it('reads aud and azp without verifying, and names both when they differ', () => {
    const audience = decodeTokenAudience(
      token({ aud: SCRIPT_CLIENT, azp: MARKETPLACE_CLIENT, email: 'é@x.io' }),
    );

    expect(audience).toEqual({ aud: SCRIPT_CLIENT, azp: MARKETPLACE_CLIENT });
    expect(audienceConfigLine({ aud: SCRIPT_CLIENT, azp: SCRIPT_CLIENT })).toBe(
      `npx cdk deploy -c stage=<stage> -c googleClientIds=<ids already accepted>,${SCRIPT_CLIENT}`,
    );
    expect(decodeTokenAudience('not a token')).toBeNull();
    expect(decodeTokenAudience(token({ sub: '1' }))).toBeNull();
  });

  it('prints the line to add when the API refuses Connect’s sign-in, and in Help', () => {
    // Prepare
    const api = new FakeOkrApi(sampleBoard());
    api.failWith = {
      status: 401,
      body: { title: 'Not signed in', detail: 'The token\'s "aud" claim is not accepted.' },
    };
    const env = createAppsScriptEnvironment({
      fetch: api.handler,
      identityToken: token({ aud: SCRIPT_CLIENT }),
    });
    const script = env.load(code) as vm.Context & Record<string, () => void>;
    env.ui.queuePromptResponse(API_URL);
    env.ui.queuePromptResponse('acme');

    // Act
    script.connect();
    script.showHelp();

    // Assess
    const [refused, help] = env.ui.alerts.map((alert) => alert.prompt);
    expect(refused).toContain('Sign-in expired or refused');
    expect(refused).toContain('The token\'s "aud" claim is not accepted.');
    expect(refused).toContain(`-c googleClientIds=<ids already accepted>,${SCRIPT_CLIENT}`);
    expect(help).toContain(`This add-on signs in to the API as the OAuth client ${SCRIPT_CLIENT}.`);
    expect(env.properties.document.getProperty('okrLedger.apiUrl')).toBeNull();
  });
});
