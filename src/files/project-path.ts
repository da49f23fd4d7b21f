import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';

/** Whether `file` is `root` or below it, judging by the text of both paths. */
export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  // `..` as a whole first part leads out; `..cache` is a folder's name.
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * Checks where writing to a path inside a project really lands. A path's text can stay inside the
 * project while a symbolic link on the way (`locales/de -> /elsewhere`) takes the write out of it:
 * each existing part of the path is looked at, and the parts that do not exist yet are created
 * below the last one that does.
 */
export class ProjectPath {
  /** Verdict per absolute path already looked at: most targets share their folders. */
  private readonly seen = new Map<string, string | undefined>();

  private constructor(
    readonly root: string,
    private readonly realRoot: string,
  ) {}

  static async of(root: string): Promise<ProjectPath> {
    const absolute = path.resolve(root);
    return new ProjectPath(absolute, await realpath(absolute));
  }

  /** Why `file` (relative to the root) is outside the project, naming the link that leads out; undefined if it is inside. */
  async escape(file: string): Promise<string | undefined> {
    const absolute = path.resolve(this.root, file);
    if (!isInside(this.root, absolute)) return `"${file}" is outside the project folder`;
    let at = this.root;
    for (const part of path.relative(this.root, absolute).split(path.sep).filter(Boolean)) {
      at = path.join(at, part);
      if (!this.seen.has(at)) this.seen.set(at, await this.look(at));
      const link = this.seen.get(at);
      if (link !== '') return link === undefined ? undefined : `"${file}" leads out of the project folder through ${link}`;
    }
    return undefined;
  }

  /** '' when `at` exists and stays inside (look further down), undefined when it does not exist (nothing below can lead out), else the link that leads out. */
  private async look(at: string): Promise<string | undefined> {
    const stat = await lstat(at).catch(() => undefined);
    if (!stat) return undefined;
    if (!stat.isSymbolicLink()) return '';
    const name = path.relative(this.root, at).split(path.sep).join('/');
    const real = await realpath(at).catch(() => undefined);
    if (real === undefined) return `the symbolic link "${name}", which leads nowhere`;
    return isInside(this.realRoot, real) ? '' : `the symbolic link "${name}" (to ${real})`;
  }
}
