// Builds a DynamoDB table from the shared table definition, so keys and indexes are stated once
// (packages/event-store/src/tables.ts) and the stack only adds the operational settings.
import type { IndexDefinition, KeyAttribute, TableDefinition } from '@okr-ledger/event-store';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

export interface LedgerTableProps {
  definition: TableDefinition;
  /**
   * `retain` keeps the table (and blocks its deletion) when the stack goes away: for data that cannot be
   * recreated. `destroy` is for tables that can be rebuilt from another source.
   */
  lifecycle: 'retain' | 'destroy';
}

function toAttribute(key: KeyAttribute): dynamodb.Attribute {
  return {
    name: key.name,
    type: key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER,
  };
}

function toProjection(index: IndexDefinition): dynamodb.ProjectionType {
  return index.projection === 'ALL' ? dynamodb.ProjectionType.ALL : dynamodb.ProjectionType.KEYS_ONLY;
}

export class LedgerTable extends Construct {
  readonly table: dynamodb.Table;
  readonly definition: TableDefinition;

  constructor(scope: Construct, id: string, props: LedgerTableProps) {
    super(scope, id);
    const { definition, lifecycle } = props;
    this.definition = definition;
    const retained = lifecycle === 'retain';

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: toAttribute(definition.partitionKey),
      sortKey: toAttribute(definition.sortKey),
      // Traffic is bursty (a sheet push, then quiet): on-demand costs nothing while idle and needs no tuning.
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // The projector needs the item as written; old images would only double the stream volume.
      stream: definition.stream ? dynamodb.StreamViewType.NEW_IMAGE : undefined,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // AWS-owned keys would also encrypt, but the AWS-managed key puts every decrypt in CloudTrail
      // without the cost and key-policy upkeep of a customer-managed key.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: retained,
      removalPolicy: retained ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    for (const index of definition.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: toAttribute(index.partitionKey),
        sortKey: toAttribute(index.sortKey),
        projectionType: toProjection(index),
      });
    }
  }

  /** ARNs of the table's indexes, named one by one so no policy needs an `index/*` wildcard. */
  indexArns(): string[] {
    return this.definition.indexes.map((index) => `${this.table.tableArn}/index/${index.indexName}`);
  }
}
