import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileAssembler } from '../src/assemble/file-assembler.ts';
import { loadConfig } from '../src/config/load-config.ts';
import type { PairView } from '../src/pipeline/pair-state.ts';
import { planInputs } from '../src/pipeline/plan-inputs.ts';
import { planRun } from '../src/pipeline/plan-run.ts';
import { PairStates } from '../src/run/pair-states.ts';

const SOURCE = { nav: { home: 'Home', docs: 'Documentation' }, greeting: 'Hello, {name}!', items_one: 'One item', items_other: '{count} items' };

/** Plans a one-file project, keeps a translation of every pending segment, then assembles with sources over `rereadAbove` bytes let go of. */
async function assemble(rereadAbove: number, between?: (dir: string) => Promise<void>): Promise<{ dir: string; done: PairView[] }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-reread-'));
  await mkdir(path.join(dir, 'locales'));
  await writeFile(path.join(dir, 'locales/en.json'), JSON.stringify(SOURCE, null, 2) + '\n');
  await writeFile(path.join(dir, 'translate-locales.config.json'), JSON.stringify({ sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'json', source: 'locales/{locale}.json' }], provider: { name: 'pseudo' } }));
  const config = await loadConfig(path.join(dir, 'translate-locales.config.json'));
  const inputs = await planInputs(config);
  const plan = await planRun(config, inputs);
  await inputs.memory.add('de', [...plan.pending.values()].map((p) => ({ key: p.key, source: p.text, target: `[de] ${p.text}`, model: 'pseudo', at: '2026-12-02T00:00:00Z' })));
  const states = new PairStates(plan.pairs, { rereadAbove });
  await between?.(dir);
  const done: PairView[] = [];
  const assembler = new FileAssembler({ root: dir, memory: inputs.memory, state: inputs.state, glossary: inputs.glossary, onFailure: 'skip-file', states, onDone: (s) => done.push(s) });
  for (const key of plan.pending.keys()) for (const ready of states.resolve(key)) assembler.assemble(ready);
  await assembler.idle();
  await inputs.memory.close();
  return { dir, done };
}

describe('a large source let go of while the run waits', () => {
  it('is read again for assembly, and the target is byte for byte what the held document gives', async () => {
    const held = await assemble(Infinity);
    const reread = await assemble(0);
    expect(reread.done.map((s) => s.status)).toEqual(['written']);
    const written = await readFile(path.join(reread.dir, 'locales/de.json'), 'utf8');
    expect(written).toContain('[de] Documentation');
    expect(written).toBe(await readFile(path.join(held.dir, 'locales/de.json'), 'utf8'));
  });

  it('changed during the run: its target is not written, and the error says to run again', async () => {
    const { dir, done } = await assemble(0, (root) => writeFile(path.join(root, 'locales/en.json'), JSON.stringify({ ...SOURCE, greeting: 'Hi, {name}!' }, null, 2) + '\n'));
    expect(done.map((s) => [s.status, s.errors])).toEqual([['failed', ['locales/de.json: not written: locales/en.json changed during the run; run again']]]);
    await expect(readFile(path.join(dir, 'locales/de.json'))).rejects.toThrow(/ENOENT/);
  });
});
