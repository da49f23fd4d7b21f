import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionsEnv } from './helpers/github-actions-env.ts';
import { ROOT } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';

interface Action {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: { run?: string; env?: Record<string, string> }[] };
}

interface Workflow {
  on: unknown;
  jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }>;
}

const read = <T>(file: string) => parse(readFileSync(path.join(ROOT, file), 'utf8')) as T;
const action = read<Action>('action.yml');
const workflows = readdirSync(path.join(ROOT, 'examples/ci/github')).map((f) => `examples/ci/github/${f}`);

describe('action.yml and the CI recipes', () => {
  it('action.yml is a composite action with the documented inputs and outputs', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs).sort()).toEqual(
      ['api-key', 'commit-author', 'config', 'github-token', 'max-cost', 'mode', 'model', 'to', 'warn-only', 'working-directory'].sort(),
    );
    expect(Object.keys(action.outputs).sort()).toEqual(['changed', 'pull-request-number', 'pull-request-url', 'report']);
    for (const [name, o] of Object.entries(action.outputs)) expect(o.value).toBe(`\${{ steps.run.outputs.${name} }}`);
    // Every `inputs.x` the steps read is declared.
    const used = [...JSON.stringify(action.runs.steps).matchAll(/inputs\.([\w-]+)/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(5);
    for (const name of used) expect(action.inputs, name).toHaveProperty(name);
  });

  it('every input the example workflows pass exists in action.yml', () => {
    expect(workflows.length).toBe(3);
    let steps = 0;
    for (const file of workflows) {
      const wf = read<Workflow>(file);
      expect(wf.on, file).toBeTruthy();
      for (const job of Object.values(wf.jobs)) {
        for (const step of job.steps.filter((s) => s.uses?.includes('/translate-locales@'))) {
          steps++;
          for (const input of Object.keys(step.with ?? {})) expect(action.inputs, `${file}: ${input}`).toHaveProperty(input);
        }
      }
    }
    expect(steps).toBe(3);
    const translate = read<Workflow & { concurrency: unknown; permissions: Record<string, string>; on: { push: { paths: string[] } } }>('examples/ci/github/translate.yml');
    expect(translate.concurrency).toBeTruthy();
    expect(translate.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    expect(translate.on.push.paths.length).toBeGreaterThan(0);
  });

  it('the flags that action.yml and gitlab-ci.yml give the ci command exist', async () => {
    const gitlab = read<Record<string, { script?: string[] }>>('examples/ci/gitlab-ci.yml');
    const scripts = [...action.runs.steps.map((s) => s.run ?? ''), ...Object.values(gitlab).flatMap((j) => j.script ?? [])].join('\n');
    const flags = new Set([...scripts.matchAll(/(?<![\w-])(--[a-z][\w-]+)/g)].map((m) => m[1]).filter((f) => !['--omit', '--no-audit', '--no-fund', '--loglevel', '--global', '--no-install-recommends'].some((x) => f.startsWith(x))));
    expect([...flags].sort()).toEqual(['--commit-author', '--config', '--max-cost', '--mode', '--model', '--to', '--warn-only']);
    const help = await runMain(['ci', '--help']);
    for (const flag of flags) expect(help.stdout, flag).toContain(`${flag} `);
  });
});

describe('the action, run as the runner runs it', () => {
  it("executes action.yml's step in bash: a pull request with 60 untranslated strings gets 50 annotations, the total, the summary and exit 1", async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), 'tl-action-'));
    await mkdir(path.join(work, 'site/locales'), { recursive: true });
    const strings = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`key${i}`, `Sentence number ${i}`]));
    await writeFile(path.join(work, 'site/locales/en.json'), JSON.stringify(strings, null, 2));
    await writeFile(path.join(work, 'site/locales/de.json'), '{}\n');
    await writeFile(path.join(work, 'site/tl.json'), JSON.stringify({ sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'json', source: 'locales/{locale}.json' }] }));
    const actions = await actionsEnv({ event: 'pull_request', payload: { pull_request: { head: { repo: { fork: true } } } }, ref: 'refs/pull/1/merge', baseRef: 'main', workspace: work, apiUrl: 'http://127.0.0.1:9' });
    const step = action.runs.steps.find((s) => s.run?.includes('dist/src/cli/main.js'))!;
    const inputs: Record<string, string> = { config: 'tl.json', mode: 'pull-request', to: '', model: '', 'max-cost': '', 'api-key': '', 'github-token': '', 'working-directory': 'site', 'commit-author': '', 'warn-only': 'false' };
    const expand = (v: string) => v.replace(/\$\{\{ inputs\.([\w-]+) \}\}/g, (_, name: string) => inputs[name]);
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...actions.env, GITHUB_ACTION_PATH: ROOT, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v)])) };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
      // The runner's shell for `shell: bash`.
      execFile('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], { cwd: path.join(work, 'site'), env }, (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }));
    });
    expect(result.code).toBe(1);
    const annotations = result.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(annotations).toHaveLength(51);
    expect(annotations[0]).toBe('::error file=site/locales/en.json,line=2,col=11::missing: locales/de.json: /key0: not translated');
    expect(annotations[50]).toBe('::error::60 problems in total (50 shown as annotations; all in the job summary)');
    expect(await actions.summary()).toMatch(/❌ 60 problems/);
    expect(await actions.outputs()).toMatchObject({ changed: 'false', problems: '60' });
  });
});
