// `npm run sim -- --port 8787 --latency 300 --jitter 100 --rpm 600 --tpm 200000 [--mode identity] [--error-rate 0.05] [--retry-after 2] …`
import { parseArgs } from 'node:util';
import { QwenMtSimulator, type SimulatorKnobs } from './qwen-mt-simulator.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    mode: { type: 'string', default: 'fake' },
    'api-key': { type: 'string' },
    latency: { type: 'string', default: '0' },
    jitter: { type: 'string', default: '0' },
    rpm: { type: 'string', default: '0' },
    tpm: { type: 'string', default: '0' },
    'error-rate': { type: 'string', default: '0' },
    'throttle-rate': { type: 'string', default: '0' },
    'reset-rate': { type: 'string', default: '0' },
    'hang-rate': { type: 'string', default: '0' },
    'drop-token-rate': { type: 'string', default: '0' },
    'misalign-rate': { type: 'string', default: '0' },
    'truncate-rate': { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
    'retry-after': { type: 'string' },
  },
});

const knobs: Partial<SimulatorKnobs> = {
  mode: values.mode === 'identity' ? 'identity' : 'fake',
  apiKey: values['api-key'],
  latencyMs: Number(values.latency),
  jitterMs: Number(values.jitter),
  rpm: Number(values.rpm),
  tpm: Number(values.tpm),
  errorRate: Number(values['error-rate']),
  throttleRate: Number(values['throttle-rate']),
  resetRate: Number(values['reset-rate']),
  hangRate: Number(values['hang-rate']),
  dropTokenRate: Number(values['drop-token-rate']),
  misalignRate: Number(values['misalign-rate']),
  truncateRate: Number(values['truncate-rate']),
  seed: Number(values.seed),
  retryAfter: values['retry-after'],
};
const sim = new QwenMtSimulator(knobs);
const base = await sim.listen(Number(values.port), values.host);
console.log(`Qwen-MT simulator listening: DASHSCOPE_BASE_URL=${base}  (GET /__stats, POST /__config, POST /__reset)`);
const stop = () => void sim.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
