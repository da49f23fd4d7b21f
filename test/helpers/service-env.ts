import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startCli, type LongCli } from './run-cli.ts';

/** A temporary folder holding service.json (and, by default, the service's dataDir). */
export async function serviceFolder(config: Record<string, unknown>): Promise<{ dir: string; file: string; write: (c: Record<string, unknown>) => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-service-'));
  const file = path.join(dir, 'service.json');
  const write = (c: Record<string, unknown>) => writeFile(file, JSON.stringify(c, null, 2));
  await write(config);
  return { dir, file, write };
}

export interface RunningService {
  readonly cli: LongCli;
  /** http://127.0.0.1:PORT */
  readonly url: string;
}

/** Starts `translate-locales serve` on a free port and waits until it listens and takes jobs. */
export async function startService(file: string, env: NodeJS.ProcessEnv, extraArgs: string[] = []): Promise<RunningService> {
  const cli = startCli(['serve', '--config', file, '--port', '0', ...extraArgs], { env });
  const [, url] = await cli.waitFor(/listening on (http:\/\/[^\s]+) /);
  return { cli, url };
}

/** Asks again every 100 ms until `check` returns something; fails with `what` after `ms`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, ms = 45_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface RunView {
  id: string;
  project: string;
  trigger: string;
  status: string;
  startedAt: string;
  finishedAt?: string;
  reason?: string;
  by?: string;
  progress?: { segmentsDone: number; segmentsTotal: number; filesDone: number; filesTotal: number };
  report?: { ok: boolean; totals: Record<string, number>; files: Array<{ target: string; status: string }>; errors: string[] };
  published?: { changed: boolean; branch?: string; commit?: string; pullRequest?: string };
}

export async function getRuns(url: string, headers: Record<string, string> = {}): Promise<RunView[]> {
  const res = await fetch(`${url}/runs`, { headers });
  if (!res.ok) throw new Error(`/runs: ${res.status}`);
  return ((await res.json()) as { runs: RunView[] }).runs;
}
