import { execFile } from 'node:child_process';
import { PublishError } from '../errors/publish-error.ts';

export interface GitOptions {
  readonly cwd: string;
  /** Extra environment for every command (auth headers, a temporary index); never logged. */
  readonly env?: NodeJS.ProcessEnv;
  /** Strings to blank out of error messages (tokens). */
  readonly secrets?: readonly string[];
}

/** The `git` binary, run without a shell; pathspecs are literal, prompts are off. */
export class Git {
  constructor(private readonly options: GitOptions) {}

  with(env: NodeJS.ProcessEnv): Git {
    return new Git({ ...this.options, env: { ...this.options.env, ...env } });
  }

  /** Runs `git args…` and returns its stdout without the final newline; throws PublishError with git's message. */
  async run(args: readonly string[]): Promise<string> {
    return (await this.raw(args)).replace(/\n$/, '');
  }

  /** stdout exactly as git wrote it (file contents). */
  raw(args: readonly string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(
        'git',
        args,
        {
          cwd: this.options.cwd,
          maxBuffer: 64 * 1024 * 1024,
          env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_LITERAL_PATHSPECS: '1', LC_ALL: 'C', ...this.options.env },
        },
        (error, stdout, stderr) => {
          if (!error) return resolve(stdout);
          const detail = this.redact(String(stderr).trim() || error.message);
          reject(new PublishError(`git ${args[0]} failed: ${detail}`));
        },
      );
    });
  }

  /** Like `run`, but undefined instead of an error (for "does this ref exist" questions). */
  async try(args: readonly string[]): Promise<string | undefined> {
    return this.run(args).catch(() => undefined);
  }

  private redact(text: string): string {
    let out = text;
    for (const s of this.options.secrets ?? []) if (s) out = out.split(s).join('***');
    return out;
  }
}
