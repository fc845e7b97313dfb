// The command line of `npm start`: its own DynamoDB Local by default, or an existing DynamoDB under
// prefixed table names; a bad value fails naming the option.
import { describe, expect, it } from 'vitest';
import { parseStackOptions } from '../../../functions/local/src/options.js';
import { LOCAL_TABLES } from '../../../functions/local/src/stack-files.js';

describe('parseStackOptions', () => {
  it('starts its own DynamoDB Local under the usual table names by default', () => {
    expect(parseStackOptions([])).toEqual({ inMemory: false, dynamoEndpoint: null, tables: LOCAL_TABLES });
    expect(parseStackOptions(['--in-memory']).inMemory).toBe(true);
  });

  it('uses an existing DynamoDB under prefixed table names', () => {
    expect(
      parseStackOptions([
        '--in-memory',
        '--dynamo-endpoint',
        'http://127.0.0.1:8000',
        '--table-prefix',
        'e2e-1-',
      ]),
    ).toEqual({
      inMemory: true,
      dynamoEndpoint: 'http://127.0.0.1:8000',
      tables: { eventsTableName: 'e2e-1-okr-ledger-events', viewsTableName: 'e2e-1-okr-ledger-views' },
    });
  });

  it.each([
    [['--dynamo-endpoint', 'localhost:8000'], /--dynamo-endpoint must be an http\(s\) address/],
    [['--dynamo-endpoint', 'http://127.0.0.1:8000/tables'], /--dynamo-endpoint must be an http\(s\) address/],
    [['--table-prefix', 'a b'], /--table-prefix must be 1–100 letters/],
    [['--table-prefix', 'x'.repeat(101)], /--table-prefix must be 1–100 letters/],
    [['--in-memory', '--port', '3'], /Unknown option '--port'/],
  ])('refuses %j', (args, message) => {
    expect(() => parseStackOptions(args)).toThrow(message);
  });
});
