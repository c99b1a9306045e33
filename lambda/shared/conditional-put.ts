// A conditional PutItem that says whether its condition held: true when the item was written, false when
// DynamoDB refused the condition (another writer got there first), thrown for any other failure. Bounded
// by a time limit whose timer ends with the call (timeout-signal.ts). The tier-2 refill lease, the DPoP
// replay store and the revocation receiver's event claim all decide "exactly one writer wins" this way.
import { PutItemCommand, type DynamoDBClient, type PutItemCommandInput } from '@aws-sdk/client-dynamodb';
import { withSdkTimeoutSignal } from './timeout-signal';

export async function putIfCondition(client: DynamoDBClient, input: PutItemCommandInput, timeoutMs: number): Promise<boolean> {
  try {
    await withSdkTimeoutSignal(timeoutMs, (abortSignal) => client.send(new PutItemCommand(input), { abortSignal }));
    return true;
  } catch (error) {
    if ((error as Error)?.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
