import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load-config.ts';
import type { RunEvent } from '../src/run/run-events.ts';
import { Run } from '../src/run/run.ts';
import { localWorkers as workers } from './helpers/local-workers.ts';
import { scratchProject } from './helpers/run-cli.ts';
import { startTestRedis } from './helpers/test-redis.ts';

let redis: Awaited<ReturnType<typeof startTestRedis>>;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(() => redis.stop());

const logger = pino({ level: 'silent' });

describe('Run', () => {
  it('emits planned, per-file and finished events and resolves with the report', async () => {
    const dir = await scratchProject();
    const config = await loadConfig(path.join(dir, 'translate-locales.config.json'), { provider: 'pseudo', to: ['de'], redis: redis.url });
    const run = new Run({ config, logger, workers });
    const events: RunEvent[] = [];
    run.on('event', (e) => events.push(e));
    const { report, exitCode } = await run.start();
    expect(exitCode).toBe(0);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('planned');
    expect(types.at(-1)).toBe('finished');
    const written = events.filter((e) => e.type === 'file-written');
    expect(written.map((e) => e.target).sort()).toEqual(report.files.map((f) => f.target).sort());
    const planned = events[0];
    if (planned.type !== 'planned') throw new Error('first event is not planned');
    expect(planned.files).toBe(report.files.length);
    // Distinct segments sent: a string that repeats within the run is paid for once.
    expect(planned.segments).toBeGreaterThan(0);
    expect(planned.segments).toBeLessThanOrEqual(report.totals.translated);
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.at(-1)).toMatchObject({ filesDone: report.files.length, filesTotal: report.files.length });
    const target = report.files.find((f) => f.target.endsWith('.json'))!.target;
    expect(await readFile(path.join(dir, target), 'utf8')).toContain('{');
  });

  it('is refused with exit code 2 and no file written when over maxCost', async () => {
    const dir = await scratchProject();
    const config = await loadConfig(path.join(dir, 'translate-locales.config.json'), { provider: 'pseudo', to: ['de'], redis: redis.url });
    // The pseudo provider costs nothing; a negative budget is the only one it can exceed.
    const run = new Run({ config, logger, workers, maxCost: -1 });
    const events: RunEvent[] = [];
    run.on('event', (e) => events.push(e));
    const { report, exitCode } = await run.start();
    expect(exitCode).toBe(2);
    expect(report.totals.requests).toBe(0);
    expect(events.some((e) => e.type === 'file-written')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'finished', exitCode: 2 });
  });

  it('cancel() stops a run cleanly: it resolves with the reason, exit code 1, nothing half-written', async () => {
    const dir = await scratchProject();
    const config = await loadConfig(path.join(dir, 'translate-locales.config.json'), { provider: 'pseudo', to: ['de', 'ja'], redis: redis.url });
    const run = new Run({ config, logger, workers });
    run.on('event', (e) => e.type === 'planned' && run.cancel('stopped by the test'));
    const { report, exitCode } = await run.start();
    expect(exitCode).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.aborted).toBe('stopped by the test');
    expect(report.files.some((f) => f.status === 'failed')).toBe(true);
    expect(report.files.filter((f) => f.status === 'failed').every((f) => f.errors.some((e) => e.includes('stopped by the test')))).toBe(true);
    const leftovers = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  });

  it('assembles files in this process: no assemble queue, job or key ever crosses Redis', async () => {
    const dir = await scratchProject();
    const config = await loadConfig(path.join(dir, 'translate-locales.config.json'), { provider: 'pseudo', to: ['de', 'ja'], redis: redis.url });
    const monitor = await redis.client().monitor();
    const commands: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => commands.push(args.join(' ')));
    const { report, exitCode } = await new Run({ config, logger, workers }).start();
    // MONITOR streams commands in the order the server ran them: once it shows this one, it has shown the run's.
    const seen = new Promise<void>((resolve) => monitor.on('monitor', (_time: string, args: string[]) => args.includes('end-of-run') && resolve()));
    await redis.client().echo('end-of-run');
    await seen;
    monitor.disconnect();
    expect(exitCode).toBe(0);
    expect(report.files.length).toBeGreaterThan(1);
    expect(report.files.every((f) => f.status === 'written')).toBe(true);
    // The monitor saw the run (its translate jobs), so an assemble command would have shown too.
    expect(commands.some((c) => c.includes(`${config.redis.prefix}:translate:`))).toBe(true);
    expect(commands.filter((c) => /assemble/i.test(c))).toEqual([]);
  });
});
