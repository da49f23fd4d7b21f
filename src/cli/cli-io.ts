/** Where a command writes: a process stream, or a buffer when a test calls `main()` in process. */
export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** What a command takes from its process, passed in so that `main()` can run inside another one (tests, the service). */
export interface CliIo {
  /** Questions are asked only when this is a terminal. */
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly stdout: Output;
  readonly stderr: Output;
  /** The working folder configs are found from and relative paths start at. */
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** This process's own streams, folder and environment: what the executable passes. */
export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}
