import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface ActionsEnv {
  readonly env: NodeJS.ProcessEnv;
  readonly summaryFile: string;
  readonly outputFile: string;
  /** The step outputs written so far (GITHUB_OUTPUT, `name<<delimiter` form). */
  outputs(): Promise<Record<string, string>>;
  summary(): Promise<string>;
}

/**
 * A simulated GitHub Actions job environment: the event JSON file, empty GITHUB_STEP_SUMMARY and
 * GITHUB_OUTPUT files, the API at `apiUrl` (a local stub), the workspace.
 */
export async function actionsEnv(o: { event: string; payload: unknown; ref: string; workspace: string; apiUrl: string; token?: string; baseRef?: string }): Promise<ActionsEnv> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-actions-'));
  const eventFile = path.join(dir, 'event.json');
  const summaryFile = path.join(dir, 'summary.md');
  const outputFile = path.join(dir, 'output.txt');
  await writeFile(eventFile, JSON.stringify(o.payload));
  await writeFile(summaryFile, '');
  await writeFile(outputFile, '');
  const env: NodeJS.ProcessEnv = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: o.event,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REF: o.ref,
    GITHUB_BASE_REF: o.baseRef,
    GITHUB_REPOSITORY: 'acme/docs',
    GITHUB_SHA: '0'.repeat(40),
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    GITHUB_API_URL: o.apiUrl,
    GITHUB_TOKEN: o.token,
    GITHUB_WORKSPACE: o.workspace,
    RUNNER_TEMP: dir,
  };
  return {
    env,
    summaryFile,
    outputFile,
    summary: () => readFile(summaryFile, 'utf8'),
    async outputs() {
      const text = await readFile(outputFile, 'utf8');
      const out: Record<string, string> = {};
      for (const m of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) out[m[1]] = m[3];
      return out;
    },
  };
}
