// `npm run fuzz [-- --seed N --inputs N --only TEXT]`: the fuzz suite (issue 13) against the local stack, started in
// this process with both sandboxes. Prints the seed (and how to replay), the table per route and class, the misses,
// then `fuzz: N passed, N failed` last. Exit 1 on any miss.
import { startDynalite, startFauxqs } from '../../local/aws/emulators';
import { DEFAULT_SEED, resultTable, runFuzz } from './suite';
import { startWorld } from './world';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const print = (line: string) => console.log(line);
  const seed = Number(arg('seed') ?? process.env.FUZZ_SEED ?? DEFAULT_SEED);
  const inputs = Number(arg('inputs') ?? 1000);
  const only = arg('only');
  if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(inputs) || inputs < 1) throw new Error('--seed and --inputs take whole numbers');
  print(`fuzz: seed ${seed}, ${inputs} inputs${only ? `, only "${only}"` : ''}; replay with: npm run fuzz -- --seed ${seed} --inputs ${inputs}`);

  // The stack's emulators, as jest's global setup starts them for the short form.
  const dynamo = await startDynalite();
  const sqs = await startFauxqs();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  process.env.AWS_ENDPOINT_URL_SQS = sqs.endpoint;
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  const world = await startWorld({ print });
  const started = Date.now();
  try {
    const result = await runFuzz(world, { seed, inputs, only, print });
    print('');
    print(resultTable(result));
    print('');
    if (result.misses.length > 0) {
      print(`misses (${result.misses.length}; each names its route, class and index under this seed):`);
      for (const miss of result.misses.slice(0, 50)) print(`  ${miss}`);
    }
    print(
      `fuzz: ${result.rows.reduce((s, r) => s + r.sent, 0)} inputs in ${((Date.now() - started) / 1000).toFixed(1)} s, ${result.sandboxCalls} sandbox reads; seed ${seed}`,
    );
    print(`fuzz: ${result.passed} passed, ${result.failed} failed`);
    process.exitCode = result.failed === 0 ? 0 : 1;
  } finally {
    await world.close();
    await sqs.close();
    await dynamo.close();
  }
}

main().catch((error: Error) => {
  console.error(`fuzz failed to run: ${error.stack ?? error.message}`);
  console.log('fuzz: 0 passed, 1 failed');
  process.exit(2);
});
