// What the bench and its sheet API process say to each other over IPC (kept apart from the server module,
// which starts a server as soon as it is loaded).

export interface ServedRequest {
  method: string;
  path: string;
  status: number;
  requestBytes: number;
  responseBytes: number;
}

export type ServerMessage =
  | { type: 'listening'; port: number }
  | { type: 'log'; entries: ServedRequest[] }
  | { type: 'stopped' };

export type ServerCommand = { type: 'log' } | { type: 'stop' };

/** The environment variable that carries the API wiring (JSON) to the child process. */
export const WIRING_VARIABLE = 'BENCH_API_WIRING';
