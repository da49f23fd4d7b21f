// `npm run build`: compiles with tsc into dist/ and copies the files tsc does not (the limiter's Lua).
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
for (const dir of ['src', 'workers', 'jobs']) {
  for (const entry of readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.lua')) continue;
    const from = path.join(entry.parentPath, entry.name);
    cpSync(from, path.join(root, 'dist', path.relative(root, from)));
  }
}
