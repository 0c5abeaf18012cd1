// lambdas/json-log.ts: the handlers' log as CloudWatch receives it, one JSON document per line, at the level in force.
import { jsonLog, levelInForce } from '../../lambdas/json-log';

/** What the log writes to stdout and stderr, line by line. */
function capture(): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => out.push(String(chunk)) > 0);
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => err.push(String(chunk)) > 0);
  return { out, err };
}

afterEach(() => jest.restoreAllMocks());

it('prints level, message, timestamp, service and the trace id, then the data, one JSON line per entry', () => {
  const lines = capture();
  const log = jsonLog(
    { service: 'agent-status-sync', level: 'INFO' },
    { _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1' },
  );

  log.info('account synced', { account: 'acme', count: 3 });

  expect(lines.err).toEqual([]);
  expect(lines.out).toHaveLength(1);
  expect(lines.out[0]!.endsWith('\n')).toBe(true);
  const entry = JSON.parse(lines.out[0]!);
  expect(Object.keys(entry)).toEqual(['level', 'message', 'timestamp', 'service', 'xray_trace_id', 'account', 'count']);
  expect(entry).toEqual({
    level: 'INFO',
    message: 'account synced',
    timestamp: expect.any(String),
    service: 'agent-status-sync',
    xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793',
    account: 'acme',
    count: 3,
  });
  expect(new Date(entry.timestamp).toISOString()).toBe(entry.timestamp);
});

it('drops entries below the configured level; warnings and errors go to stderr', () => {
  const lines = capture();
  const log = jsonLog({ service: 's', level: 'WARN' }, {});

  log.debug('d');
  log.info('i');
  log.warn('w');
  log.error('e');

  expect(lines.out).toEqual([]);
  expect(lines.err.map((l) => JSON.parse(l).level)).toEqual(['WARN', 'ERROR']);
  capture();
  jsonLog({ service: 's', level: 'SILENT' }, {}).error('never');
  expect(lines.err).toHaveLength(2);
});

it("follows Lambda's log level controls over the configured level, and says so when they differ", () => {
  expect(levelInForce('DEBUG', {})).toBe('DEBUG');
  expect(levelInForce('DEBUG', { AWS_LAMBDA_LOG_LEVEL: 'warn' })).toBe('WARN');
  expect(levelInForce('INFO', { AWS_LAMBDA_LOG_LEVEL: 'FATAL' })).toBe('CRITICAL');
  expect(levelInForce('INFO', { AWS_LAMBDA_LOG_LEVEL: 'nonsense' })).toBe('INFO');
  const lines = capture();

  const log = jsonLog({ service: 's', level: 'DEBUG' }, { AWS_LAMBDA_LOG_LEVEL: 'WARN' });
  log.info('dropped');

  expect(lines.out).toEqual([]);
  expect(lines.err.map((l) => JSON.parse(l).message)).toEqual([expect.stringContaining('does not match AWS Lambda Advanced Logging Controls')]);
});

it('prints errors as fields, bigints as strings, skips a circular reference, and never lets data replace a fixed field', () => {
  const lines = capture();
  const cause = new Error('socket hang up');
  const error = Object.assign(new Error('write failed', { cause }), { status: 503 });
  const loop: Record<string, unknown> = { name: 'loop' };
  loop.self = loop;

  jsonLog({ service: 's', level: 'INFO' }, {}).error('boom', { error, id: 2n ** 64n, loop, level: 'DEBUG', service: 'forged' });

  const entry = JSON.parse(lines.err[0]!);
  expect(entry).toEqual(
    expect.objectContaining({
      level: 'ERROR',
      service: 's',
      error: {
        name: 'Error',
        message: 'write failed',
        stack: expect.stringContaining('write failed'),
        cause: expect.objectContaining({ message: 'socket hang up' }),
        status: 503,
      },
      id: '18446744073709551616',
      loop: { name: 'loop' },
    }),
  );
});
