// vitest global setup: tests spawn the built CLI (dist/), so build it first when any source is newer
// than the last build. `npm test` builds anyway; this keeps `npx vitest run test/x.test.ts` honest.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src/util/package-root.ts';

const ROOT = packageRoot(import.meta.url);
const SOURCES = ['bin', 'src', 'workers', 'jobs', 'test/simulator', 'test/helpers', 'bench', 'tsconfig.json', 'tsconfig.build.json', 'scripts'];

function newest(file: string): number {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(file).map((name) => newest(path.join(file, name))));
}

export default function setup(): void {
  const built = statSync(path.join(ROOT, 'dist/.tsbuildinfo'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (Math.max(...SOURCES.map((s) => newest(path.join(ROOT, s)))) <= built) return;
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.js')], { cwd: ROOT, stdio: 'inherit' });
  } catch {
    // tsc still emits on type errors: the tests run on that build; `npm test` fails on them anyway.
    process.stderr.write('build-cli: the build reported errors (above); testing what it emitted\n');
  }
  // tsc leaves its build info alone when nothing it emits changed: mark the build as current.
  const now = new Date();
  utimesSync(path.join(ROOT, 'dist/.tsbuildinfo'), now, now);
}
