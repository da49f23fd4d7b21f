#!/usr/bin/env node
// Kept for scripts that call this path: the CLI itself is the build in dist/ (`npm run build`,
// which `npm ci` runs through `prepare`).
try {
  await import('../dist/bin/translate-locales.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/bin/translate-locales.js')) throw error;
  process.stderr.write('error: translate-locales is not built: run `npm run build` (or `npm ci`)\n');
  process.exit(2);
}
