// The API for the sheet measurements, in a child process: the Apps Script fakes' 'real' UrlFetchApp blocks
// the calling thread while a request runs, so the server must live elsewhere. Every request's method,
// path, status and body sizes are logged; the bench asks for the log (over IPC) after each add-on action.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type ApiWiring, createBenchApi } from '../setup/bench-api.js';
import {
  type ServedRequest,
  type ServerCommand,
  type ServerMessage,
  WIRING_VARIABLE,
} from './sheet-api-protocol.js';

function send(message: ServerMessage): void {
  if (process.send === undefined) throw new Error('sheet-api-server runs as a forked child process');
  process.send(message);
}

const wiringJson = process.env[WIRING_VARIABLE];
if (wiringJson === undefined) throw new Error(`${WIRING_VARIABLE} is not set`);
const api = createBenchApi(JSON.parse(wiringJson) as Omit<ApiWiring, 'instrument'>);
const served: ServedRequest[] = [];

const server = serve(
  {
    hostname: '127.0.0.1',
    port: 0,
    fetch: async (request: Request) => {
      const requestBytes = (await request.clone().arrayBuffer()).byteLength;
      const response = await api.app.fetch(request);
      const responseBytes = (await response.clone().arrayBuffer()).byteLength;
      served.push({
        method: request.method,
        path: new URL(request.url).pathname,
        status: response.status,
        requestBytes,
        responseBytes,
      });
      return response;
    },
  },
  (info: AddressInfo) => send({ type: 'listening', port: info.port }),
);

process.on('message', (command: ServerCommand) => {
  if (command.type === 'log') {
    send({ type: 'log', entries: served.splice(0) });
    return;
  }
  server.close(() => {
    api.destroy();
    send({ type: 'stopped' });
    process.disconnect?.();
  });
});
// The parent going away must not leave this server behind.
process.on('disconnect', () => process.exit(0));
