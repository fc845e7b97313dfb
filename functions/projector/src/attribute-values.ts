// DynamoDB attribute values come in two dialects: the SDK's (binary as bytes) and the Lambda event's
// (binary as base64 text). The local poller speaks the SDK's and must hand the handler exactly what
// Lambda would; the handler unmarshalls with the SDK's utilities.
import type { AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb';
import type { AttributeValue as StreamsAttributeValue } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue as LambdaAttributeValue } from 'aws-lambda';

const mapValues = <A, B>(record: Record<string, A>, convert: (value: A) => B): Record<string, B> =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, convert(value)]));

const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

export function toLambdaAttributeValue(value: StreamsAttributeValue): LambdaAttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.B !== undefined) return { B: toBase64(value.B) };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BS !== undefined) return { BS: value.BS.map(toBase64) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaAttributeValue) };
  if (value.M !== undefined) return { M: mapValues(value.M, toLambdaAttributeValue) };
  // The Streams client deserializes an empty map `{"M":{}}` into `{}`; nothing else comes out empty.
  if (Object.keys(value).length === 0) return { M: {} };
  throw new TypeError(`unknown attribute value type: ${Object.keys(value).join(', ')}`);
}

export function toSdkAttributeValue(value: LambdaAttributeValue): SdkAttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.B !== undefined) return { B: fromBase64(value.B) };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BS !== undefined) return { BS: value.BS.map(fromBase64) };
  if (value.L !== undefined) return { L: value.L.map(toSdkAttributeValue) };
  if (value.M !== undefined) return { M: mapValues(value.M, toSdkAttributeValue) };
  throw new TypeError(`unknown attribute value type: ${Object.keys(value).join(', ')}`);
}

export const toLambdaImage = (image: Record<string, StreamsAttributeValue>) =>
  mapValues(image, toLambdaAttributeValue);
export const toSdkImage = (image: Record<string, LambdaAttributeValue>) =>
  mapValues(image, toSdkAttributeValue);
