// Owns which Chromium the browser tests drive: the system one when the machine has it (Debian's
// `chromium`), otherwise the build that @sparticuz/chromium ships inside its npm tarball, unpacked on first
// use. So `npm ci && npm test` needs nothing from apt. OKR_LEDGER_SYSTEM_CHROMIUM=off hides the system one.
import { existsSync } from 'node:fs';

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export interface ChromiumBinary {
  executablePath: string;
  source: 'system' | 'npm';
}

export async function chromiumBinary(): Promise<ChromiumBinary> {
  if (process.env.OKR_LEDGER_SYSTEM_CHROMIUM !== 'off') {
    const system = SYSTEM_CANDIDATES.find((candidate) => existsSync(candidate));
    if (system !== undefined) return { executablePath: system, source: 'system' };
  }
  const { default: packaged } = await import('@sparticuz/chromium');
  return { executablePath: await packaged.executablePath(), source: 'npm' };
}

/** Flags for a headless run in a container: no sandbox (no user namespaces), no GPU, no network chatter. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
