// `tsx bench/chaos/audit.ts <DATA_DIR> <accountId> <agent email>`: what the stack recorded about one agent in a
// finished chaos scenario (its audit trail, oldest first), to explain a row of the table. Read only.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { join } from 'node:path';
import { loadConfig } from '../../lambdas/config';
import { storeFromConfig } from '../../lambdas/store/from-config';
import { LOCAL_REGION, startDynalite } from '../../local/aws/emulators';

async function main(): Promise<void> {
  const [dataDir, account, agent] = process.argv.slice(2);
  if (!dataDir || !account || !agent) throw new Error('usage: tsx bench/chaos/audit.ts <DATA_DIR of a scenario> <accountId, e.g. chaos-z2a> <agent email>');
  const ddb = await startDynalite({ path: join(dataDir, 'dynamodb') });
  const dynamo = new DynamoDBClient({ region: LOCAL_REGION, endpoint: ddb.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const store = storeFromConfig(loadConfig({ QUEUE_URL: 'http://unused' }), dynamo);
    const entries = await store.listAudit(account, agent, { now: Date.now(), limit: 500 });
    for (const entry of entries.reverse()) console.log(JSON.stringify(entry));
  } finally {
    dynamo.destroy();
    await ddb.close();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
