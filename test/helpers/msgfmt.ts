import { spawnSync } from 'node:child_process';

/** GNU msgfmt's verdict on a catalogue: null when `msgfmt --check --check-format` accepts it. */
export function msgfmtCheck(file: string): string | null {
  const r = spawnSync('msgfmt', ['--check', '--check-format', '-o', '/dev/null', file], { encoding: 'utf8' });
  if (r.error) throw new Error(`msgfmt is not installed (apt-get install gettext): ${r.error.message}`);
  return r.status === 0 ? null : r.stderr;
}
