import { Git } from './git.ts';
import { COMMIT_TRAILER } from './publish.ts';

/** The checked-out commit is one this tool made (its trailer): `commit` mode must not translate it again. */
export async function headIsOwnCommit(cwd: string): Promise<boolean> {
  const message = await new Git({ cwd }).try(['log', '-1', '--format=%B', 'HEAD']);
  return message?.split('\n').some((line) => line.trim() === COMMIT_TRAILER) ?? false;
}
