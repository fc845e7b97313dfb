// `@aws-sdk/client-dynamodb` as far as this code base uses it, over DynamoDbWire: the Lambda bundle
// resolves the package to this module (infra/src/lambda-bundle.ts), so the store, the views reader and
// the table set-up run unchanged on a client a fraction of the SDK's size. Same names and inputs; errors
// carry the SDK's names and fields (wire.ts); a client takes middleware the way the SDK's stack does
// (command name, marshalled input), so requests can be counted on it as on the SDK's.
import { DynamoDbWire } from './wire.js';

export type Input = Record<string, unknown>;
interface Args {
  input: Input;
}
/** As in the SDK, a handler resolves `{ output }`, so middleware written for the SDK reads it alike. */
type Handler = (args: Args) => Promise<{ output: Input }>;
type Middleware = (next: Handler, context: { commandName: string }) => Handler;

/** The SDK's middleware stack, as far as `add` goes: each middleware wraps the request, outermost first. */
export class MiddlewareStack {
  private readonly entries: Middleware[] = [];
  add(middleware: Middleware, _options?: unknown): void {
    this.entries.push(middleware);
  }
  resolve(final: Handler, commandName: string): Handler {
    return this.entries.reduceRight<Handler>((next, middleware) => middleware(next, { commandName }), final);
  }
}

interface ClientConfig {
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  requestHandler?: { requestTimeout?: number };
  // The SDK's other settings (maxAttempts…) are accepted and mean nothing here: one attempt per send.
  [setting: string]: unknown;
}

export interface ClientCommand {
  readonly operation: string;
  readonly input: Input;
}

export class DynamoDBClient {
  readonly middlewareStack = new MiddlewareStack();
  private readonly wire: DynamoDbWire;

  constructor(config: ClientConfig = {}) {
    this.wire = new DynamoDbWire({
      ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
      ...(config.region === undefined ? {} : { region: config.region }),
      ...(config.credentials === undefined ? {} : { credentials: config.credentials }),
      ...(config.requestHandler?.requestTimeout === undefined
        ? {}
        : { requestTimeoutMs: config.requestHandler.requestTimeout }),
    });
  }

  async send(command: ClientCommand): Promise<Input> {
    const handler = this.middlewareStack.resolve(
      async (args) => ({ output: await this.wire.call(command.operation, args.input) }),
      `${command.operation}Command`,
    );
    return (await handler({ input: command.input })).output;
  }

  destroy(): void {
    this.wire.destroy();
  }
}

/** A client command: its operation and its input as DynamoDB takes it. */
const clientCommand = (operation: string) =>
  class implements ClientCommand {
    readonly operation = operation;
    constructor(readonly input: Input) {}
  };

export const CreateTableCommand = clientCommand('CreateTable');
export const DeleteTableCommand = clientCommand('DeleteTable');
export const DescribeTableCommand = clientCommand('DescribeTable');
export const ListTablesCommand = clientCommand('ListTables');
/** A transaction already marshalled (the bench sends the API's own transactions again, bare). */
export const TransactWriteItemsCommand = clientCommand('TransactWriteItems');
