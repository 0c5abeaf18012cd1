// The bench's floors (issue 15): the figures the unmet targets are judged against are computed, not typed in, and the
// CPU of one AWS call is measured against a real DynamoDB peer (dynalite).
import { startDynalite, type RunningDynalite } from '../../local/aws/emulators';
import { coresNeeded, floorLines, measureCallCpu } from '../../bench/floor';

describe('bench floors', () => {
  let dynalite: RunningDynalite;
  beforeAll(async () => {
    dynalite = await startDynalite();
  });
  afterAll(() => dynalite.close());

  it('measures one GetItem through the AWS SDK and signed over node:http, both answered by dynalite', async () => {
    const cpu = await measureCallCpu(dynalite.endpoint, 50);
    expect(cpu.calls).toBe(50);
    expect(cpu.sdkMs).toBeGreaterThan(0);
    expect(cpu.rawMs).toBeGreaterThan(0);
  });

  it('fails, rather than printing a figure, when DynamoDB cannot be reached', async () => {
    await expect(measureCallCpu('http://127.0.0.1:9', 1)).rejects.toThrow();
  });

  it('computes the call floor from the batch size measured, and the CPU those calls cost', () => {
    const lines = floorLines(100, { dynamoCalls: 4.5, sqsCalls: 2, batchesPerChange: 0.5, cpuMs: 6 }, { sdkMs: 0.8, rawMs: 0.4, calls: 10 });
    expect(lines[0]).toContain('worker batches of 2 messages');
    expect(lines[0]).toContain('DynamoDB ≥ 4 + 1/batch = 4.5');
    expect(lines[0]).toContain('SQS ≥ 1 + 2/batch = 2 calls');
    expect(lines[1]).toContain(
      '6.5 calls + 3 HTTP exchanges (webhook, echo, write) per change ≥ 6.4 ms through the SDK (3.8 ms with no SDK at all) of the 6 ms measured',
    );
    expect(lines[2]).toContain('$5.13 per million');
  });

  it('leaves the CPU line out when the call could not be measured', () => {
    expect(floorLines(100, { dynamoCalls: 5, sqsCalls: 3, batchesPerChange: 1, cpuMs: 8 }, null)).toHaveLength(2);
  });

  it('adds both processes’ CPU per change at the rate', () => {
    expect(coresNeeded(300, 4.5, 5.4)).toBe(2.97);
  });
});
