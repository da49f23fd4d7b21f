import { afterAll, beforeAll, beforeEach } from 'vitest';
import { QwenMtSimulator, type SimulatorKnobs } from '../simulator/qwen-mt-simulator.ts';
import { startTestRedis } from './test-redis.ts';

export interface SimulatedEnv {
  sim: QwenMtSimulator;
  redis: Awaited<ReturnType<typeof startTestRedis>>;
  /** Environment for the CLI: the simulator as DASHSCOPE_BASE_URL, its key, the private Redis. */
  env: NodeJS.ProcessEnv;
}

/**
 * Registers hooks that give a test file its own Redis and Qwen-MT simulator, reset before each
 * test to `knobs`. Read the fields inside tests (they are set in beforeAll).
 */
export function useSimulatedEnv(key: string, knobs: Partial<SimulatorKnobs> = {}): SimulatedEnv {
  const ctx = {} as SimulatedEnv;
  beforeAll(async () => {
    ctx.redis = await startTestRedis();
    ctx.sim = new QwenMtSimulator({ apiKey: key, ...knobs });
    ctx.env = { DASHSCOPE_API_KEY: key, DASHSCOPE_BASE_URL: await ctx.sim.listen(), REDIS_URL: ctx.redis.url };
  });
  afterAll(async () => {
    await ctx.sim.close();
    await ctx.redis.stop();
  });
  beforeEach(() => {
    ctx.sim.reset();
    ctx.sim.configure({ mode: 'fake', script: [], moderate: [], tamper: [], ...knobs });
  });
  return ctx;
}
