// `@aws-sdk/lib-dynamodb` as far as this code base uses it: document commands carry plain JavaScript
// items, marshalled with @aws-sdk/util-dynamodb (the SDK's own marshaller) where lib-dynamodb marshals
// them, and what DynamoDB answers is unmarshalled where lib-dynamodb does. The Lambda bundle resolves the
// package to this module, over the lean client (client.ts).
import { type marshallOptions, marshall, type unmarshallOptions, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBClient, Input, MiddlewareStack } from './client.js';

type Item = Record<string, unknown>;

interface Translation {
  marshallOptions?: marshallOptions;
  unmarshallOptions?: unmarshallOptions;
}

type Marshal = (value: Item) => Item;
type Unmarshal = (value: Item) => Item;

/** The members of a request or answer that hold one item (a key, an item, expression values). */
const ITEM_MEMBERS = ['Key', 'Item', 'ExpressionAttributeValues', 'ExclusiveStartKey'] as const;
const ANSWER_ITEM_MEMBERS = ['Item', 'Attributes', 'LastEvaluatedKey'] as const;

function marshalMembers(node: Input, marshal: Marshal): Input {
  const out: Input = { ...node };
  for (const member of ITEM_MEMBERS) {
    if (node[member] !== undefined) out[member] = marshal(node[member] as Item);
  }
  return out;
}

function unmarshalMembers(node: Input, unmarshal: Unmarshal): Input {
  const out: Input = { ...node };
  for (const member of ANSWER_ITEM_MEMBERS) {
    if (node[member] !== undefined) out[member] = unmarshal(node[member] as Item);
  }
  if (Array.isArray(node.Items)) out.Items = (node.Items as Item[]).map(unmarshal);
  return out;
}

const mapValues = <T, U>(record: Record<string, T> | undefined, map: (value: T) => U) =>
  record === undefined
    ? undefined
    : Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));

type WriteRequest = { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } };
const writeRequests = (requests: WriteRequest[], convert: Marshal) =>
  requests.map((request) => ({
    ...(request.PutRequest ? { PutRequest: { Item: convert(request.PutRequest.Item) } } : {}),
    ...(request.DeleteRequest ? { DeleteRequest: { Key: convert(request.DeleteRequest.Key) } } : {}),
  }));

type KeysAndAttributes = { Keys: Item[] } & Input;
const keysAndAttributes = (request: KeysAndAttributes, convert: Marshal) => ({
  ...request,
  Keys: request.Keys.map(convert),
});

/** Where a document command's items are, per operation, in its request and in its answer. */
interface DocOperation {
  operation: string;
  marshal(input: Input, marshal: Marshal): Input;
  unmarshal(output: Input, unmarshal: Unmarshal): Input;
}

const singleItem = (operation: string): DocOperation => ({
  operation,
  marshal: marshalMembers,
  unmarshal: unmarshalMembers,
});

const TRANSACT_ACTIONS = ['Put', 'Update', 'Delete', 'ConditionCheck'] as const;
const transactItems = (items: Input[], marshal: Marshal) =>
  items.map((item) => {
    const out: Input = { ...item };
    for (const action of TRANSACT_ACTIONS) {
      if (item[action] !== undefined) out[action] = marshalMembers(item[action] as Input, marshal);
    }
    return out;
  });

const DOC_OPERATIONS = {
  Get: singleItem('GetItem'),
  Put: singleItem('PutItem'),
  Update: singleItem('UpdateItem'),
  Delete: singleItem('DeleteItem'),
  Query: singleItem('Query'),
  Scan: singleItem('Scan'),
  BatchGet: {
    operation: 'BatchGetItem',
    marshal: (input, marshal) => ({
      ...input,
      RequestItems: mapValues(input.RequestItems as Record<string, KeysAndAttributes>, (request) =>
        keysAndAttributes(request, marshal),
      ),
    }),
    unmarshal: (output, unmarshal) => ({
      ...output,
      Responses: mapValues(output.Responses as Record<string, Item[]> | undefined, (items) =>
        items.map(unmarshal),
      ),
      UnprocessedKeys: mapValues(
        output.UnprocessedKeys as Record<string, KeysAndAttributes> | undefined,
        (request) => keysAndAttributes(request, unmarshal),
      ),
    }),
  },
  BatchWrite: {
    operation: 'BatchWriteItem',
    marshal: (input, marshal) => ({
      ...input,
      RequestItems: mapValues(input.RequestItems as Record<string, WriteRequest[]>, (requests) =>
        writeRequests(requests, marshal),
      ),
    }),
    unmarshal: (output, unmarshal) => ({
      ...output,
      UnprocessedItems: mapValues(
        output.UnprocessedItems as Record<string, WriteRequest[]> | undefined,
        (requests) => writeRequests(requests, unmarshal),
      ),
    }),
  },
  TransactWrite: {
    operation: 'TransactWriteItems',
    marshal: (input, marshal) => ({
      ...input,
      TransactItems: transactItems(input.TransactItems as Input[], marshal),
    }),
    // Like lib-dynamodb, the items a cancelled transaction returns (CancellationReasons) stay marshalled.
    unmarshal: (output) => output,
  },
} satisfies Record<string, DocOperation>;

interface DocCommand {
  readonly doc: DocOperation;
  readonly input: Input;
}

const docCommand = (doc: DocOperation) =>
  class implements DocCommand {
    readonly doc = doc;
    constructor(readonly input: Input) {}
  };

export const GetCommand = docCommand(DOC_OPERATIONS.Get);
export const PutCommand = docCommand(DOC_OPERATIONS.Put);
export const UpdateCommand = docCommand(DOC_OPERATIONS.Update);
export const DeleteCommand = docCommand(DOC_OPERATIONS.Delete);
export const QueryCommand = docCommand(DOC_OPERATIONS.Query);
export const ScanCommand = docCommand(DOC_OPERATIONS.Scan);
export const BatchGetCommand = docCommand(DOC_OPERATIONS.BatchGet);
export const BatchWriteCommand = docCommand(DOC_OPERATIONS.BatchWrite);
export const TransactWriteCommand = docCommand(DOC_OPERATIONS.TransactWrite);

export class DynamoDBDocumentClient {
  private readonly marshal: Marshal;
  private readonly unmarshal: Unmarshal;

  private constructor(
    readonly client: DynamoDBClient,
    translation: Translation,
  ) {
    const { marshallOptions: toWire, unmarshallOptions: fromWire } = translation;
    this.marshal = (value) => marshall(value, toWire) as Item;
    this.unmarshal = (value) => unmarshall(value as Parameters<typeof unmarshall>[0], fromWire);
  }

  static from(client: DynamoDBClient, translation: Translation = {}): DynamoDBDocumentClient {
    return new DynamoDBDocumentClient(client, translation);
  }

  get middlewareStack(): MiddlewareStack {
    return this.client.middlewareStack;
  }

  async send(command: DocCommand): Promise<Input> {
    const { doc } = command;
    const output = await this.client.send({
      operation: doc.operation,
      input: doc.marshal(command.input, this.marshal),
    });
    return doc.unmarshal(output, this.unmarshal);
  }

  destroy(): void {
    this.client.destroy();
  }
}
