import { spawnSync } from 'node:child_process';

/**
 * GNU msgfmt's verdict on a catalogue: null when `msgfmt --check --check-format` accepts it.
 * Fuzzy entries are checked too (`--use-fuzzy`), or msgfmt would skip the machine's output unchecked;
 * `{ fuzzy: false }` is for a fixture whose own fuzzy entries a person left unfinished.
 */
export function msgfmtCheck(file: string, { fuzzy = true }: { fuzzy?: boolean } = {}): string | null {
  const r = spawnSync('msgfmt', [...(fuzzy ? ['--use-fuzzy'] : []), '--check', '--check-format', '-o', '/dev/null', file], { encoding: 'utf8' });
  if (r.error) throw new Error(`msgfmt is not installed (apt-get install gettext): ${r.error.message}`);
  return r.status === 0 ? null : r.stderr;
}
