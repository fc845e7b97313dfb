// The DynamoDB Local launcher for tests. It lives in the event-store package (the local stack uses it too)
// but is not part of that package's public index, which Lambda bundles import.
export {
  BUSY_JVM_OPTIONS,
  checkJava,
  type DynamoLocal,
  type DynamoLocalOptions,
  DynamoLocalStartError,
  JAVA_HINT,
  startDynamoLocal,
} from '../../packages/event-store/src/dynamo-local.js';
