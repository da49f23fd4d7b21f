import { execFile } from 'node:child_process';

export class GitError extends Error {
  constructor(readonly args: readonly string[], readonly stderr: string) {
    super(`git ${args[0]} failed: ${stderr.trim().split('\n').slice(-3).join(' ')}`);
    this.name = 'GitError';
  }
}

export interface GitOptions {
  readonly cwd: string;
  /** Sent as an HTTP header to https remotes, through the environment: never on a command line, in a URL or in .git/config. */
  readonly token?: string;
}

/** Runs the `git` binary; resolves with its stdout. No prompts, no pager, no user or system config. */
export function git(options: GitOptions, args: readonly string[]): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C' };
  if (options.token) {
    const basic = Buffer.from(`x-access-token:${options.token}`).toString('base64');
    Object.assign(env, { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraHeader', GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}` });
  }
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd: options.cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new GitError(args, stderr || error.message));
      else resolve(stdout);
    });
  });
}
