// `npm run build`: compiles with tsc into dist/ and copies the files tsc does not (the Lua scripts of the limiter and the locks).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function copyAssets() {
  for (const dir of ['src', 'workers', 'jobs']) {
    for (const entry of readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.lua')) continue;
      const from = path.join(entry.parentPath, entry.name);
      const to = path.join(root, 'dist', path.relative(root, from));
      mkdirSync(path.dirname(to), { recursive: true });
      cpSync(from, to);
    }
  }
}

try {
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
} finally {
  // Also after type errors: tsc has emitted the JavaScript all the same.
  copyAssets();
}
