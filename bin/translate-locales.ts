#!/usr/bin/env node
// The composition root: the CLI in src/ gets the BullMQ translate worker of workers/ from here
// (src/ never imports workers/ or jobs/). Built into dist/bin/ (`npm run build`).
import { processIo } from '../src/cli/cli-io.ts';
import { main } from '../src/cli/program.ts';
import { boundHeapGrowth, capYoungGeneration } from '../src/util/heap-growth.ts';
import type { LocalWorkers } from '../src/run/local-workers.ts';

// This process only: code that embeds a Run keeps its own heap policy.
boundHeapGrowth();
capYoungGeneration();

const workers: LocalWorkers = {
  // Loaded by the commands that start one: `--version` and `--help` load no BullMQ.
  async start(options) {
    const { TranslateWorker } = await import('../workers/translate-worker.ts');
    return new TranslateWorker(options);
  },
};

const code = await main(process.argv.slice(2), processIo(), { workers });
// Exit even if a connection that never came up still holds the event loop.
process.exit(code);
