// Owns Utilities, Logger and console. Utilities.formatDate follows Java's SimpleDateFormat (see
// time-zones.ts); sleep does not sleep but is recorded; log lines are collected in `env.logs`.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { format } from 'node:util';
import { FakeBlob, fromByteInput, toSignedBytes } from './blob.js';
import type { Execution, LogEntry } from './execution.js';
import { isDateValue } from './realm.js';
import { formatJavaDate } from './time-zones.js';

export const DigestAlgorithm = Object.freeze({
  MD2: 'MD2',
  MD5: 'MD5',
  SHA_1: 'SHA_1',
  SHA_256: 'SHA_256',
  SHA_384: 'SHA_384',
  SHA_512: 'SHA_512',
});
export const Charset = Object.freeze({ US_ASCII: 'US_ASCII', UTF_8: 'UTF_8' });
const MAX_SLEEP_MS = 300_000;

const NODE_DIGEST: Record<string, string> = {
  MD5: 'md5',
  SHA_1: 'sha1',
  SHA_256: 'sha256',
  SHA_384: 'sha384',
  SHA_512: 'sha512',
};

function encodeInput(value: unknown, charset?: string): Buffer {
  if (typeof value === 'string') return Buffer.from(value, charset === 'US_ASCII' ? 'latin1' : 'utf8');
  return Buffer.from(fromByteInput(value));
}

/** Apps Script's Logger.log(format, values...) substitutes %s (and friends) in order. */
function javaStyleFormat(template: string, values: unknown[]): string {
  let index = 0;
  return template.replace(/%(-?\d*(?:\.\d+)?)([sdfb%])/g, (match, _width: string, conversion: string) => {
    if (conversion === '%') return '%';
    if (index >= values.length) return match;
    const value = values[index++];
    if (conversion === 'd') return String(Math.trunc(Number(value)));
    if (conversion === 'f') return Number(value).toFixed(6);
    return String(value);
  });
}

/** Blocks this thread, as Utilities.sleep blocks a script: used where the fakes talk to a real server. */
function blockFor(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

export function createUtilities(execution: Execution, sleeps: number[], realSleep = false) {
  return {
    DigestAlgorithm,
    Charset,
    getUuid(): string {
      return randomUUID();
    },
    formatDate(date: Date, timeZone: string, pattern: string): string {
      if (!isDateValue(date)) {
        throw execution.exception(
          "The parameters (String,String,String) don't match the method signature for Utilities.formatDate.",
        );
      }
      try {
        return formatJavaDate(date, String(timeZone), String(pattern));
      } catch (error) {
        throw execution.exception((error as Error).message);
      }
    },
    formatString(template: string, ...args: unknown[]): string {
      return javaStyleFormat(String(template), args);
    },
    sleep(milliseconds: number): void {
      if (milliseconds > MAX_SLEEP_MS) throw execution.exception('Invalid argument: milliseconds');
      sleeps.push(milliseconds);
      if (realSleep) blockFor(milliseconds);
    },
    base64Encode(data: unknown, charset?: string): string {
      return encodeInput(data, charset).toString('base64');
    },
    base64EncodeWebSafe(data: unknown, charset?: string): string {
      return encodeInput(data, charset).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    },
    base64Decode(encoded: string): number[] {
      return execution.bridge.array(toSignedBytes(new Uint8Array(Buffer.from(String(encoded), 'base64'))));
    },
    base64DecodeWebSafe(encoded: string): number[] {
      return execution.bridge.array(toSignedBytes(new Uint8Array(Buffer.from(String(encoded), 'base64url'))));
    },
    computeDigest(algorithm: string, value: unknown, charset?: string): number[] {
      const nodeName = NODE_DIGEST[String(algorithm)];
      if (!nodeName) throw execution.exception('Invalid argument: algorithm');
      const digest = createHash(nodeName).update(encodeInput(value, charset)).digest();
      return execution.bridge.array(toSignedBytes(new Uint8Array(digest)));
    },
    computeHmacSha256Signature(value: unknown, key: unknown, charset?: string): number[] {
      const digest = createHmac('sha256', encodeInput(key, charset))
        .update(encodeInput(value, charset))
        .digest();
      return execution.bridge.array(toSignedBytes(new Uint8Array(digest)));
    },
    newBlob(data: unknown, contentType?: string, name?: string): FakeBlob {
      return new FakeBlob(execution.bridge, fromByteInput(data ?? ''), contentType ?? null, name ?? null);
    },
  };
}

export function createLogger(execution: Execution, echo: boolean) {
  const record = (entry: LogEntry) => {
    execution.logs.push(entry);
    if (echo) process.stdout.write(`[${entry.source}.${entry.level}] ${entry.message}\n`);
  };
  const logger = {
    log(data: unknown, ...values: unknown[]) {
      const message = values.length > 0 ? javaStyleFormat(String(data), values) : String(data);
      record({ source: 'Logger', level: 'log', message });
      return logger;
    },
    getLog(): string {
      return execution.logs
        .filter((entry) => entry.source === 'Logger')
        .map((entry) => entry.message)
        .join('\n');
    },
    clear(): void {
      for (let index = execution.logs.length - 1; index >= 0; index--) {
        if (execution.logs[index]?.source === 'Logger') execution.logs.splice(index, 1);
      }
    },
  };
  const consoleLevel =
    (level: LogEntry['level']) =>
    (...args: unknown[]) =>
      record({ source: 'console', level, message: format(...args) });
  const timers = new Map<string, number>();
  const fakeConsole = {
    log: consoleLevel('log'),
    info: consoleLevel('info'),
    warn: consoleLevel('warn'),
    error: consoleLevel('error'),
    debug: consoleLevel('debug'),
    time(label = 'default') {
      timers.set(label, performance.now());
    },
    timeEnd(label = 'default') {
      const started = timers.get(label);
      timers.delete(label);
      if (started !== undefined)
        record({
          source: 'console',
          level: 'log',
          message: `${label}: ${Math.round(performance.now() - started)}ms`,
        });
    },
  };
  return { Logger: logger, console: fakeConsole };
}
