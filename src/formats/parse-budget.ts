import vm from 'node:vm';
import type { Format } from './format.ts';
import { FormatError } from '../errors/format-error.ts';

/**
 * Deepest nesting a file may have (markdown-it's default limit too). Real documents nest a few
 * levels; parsers recurse per level, so thousands of levels cost minutes and gigabytes.
 */
export const MAX_NESTING = 100;

/**
 * Parsing is linear for honest files, and the slowest format is Markdown: remark takes about 2 ms a
 * paragraph, some 20 s for a megabyte of dense Markdown on a busy machine. The budget leaves three
 * times that, so only a parse gone super-linear (or a machine stalled) meets it.
 */
const BASE_MS = 10_000;
const PER_MB_MS = 60_000;

export function parseTimeBudget(chars: number): number {
  return BASE_MS + Math.ceil((chars / 1_000_000) * PER_MB_MS);
}

export interface ParseBudget {
  /** Characters the work covers, when more than `text` (a target read along with its source's units). */
  readonly chars?: number;
  /** Milliseconds the parse may take; by default from `chars`. */
  readonly timeMs?: number;
  /** What the text is when it is not the file the error is reported against (`target de/a.md`). */
  readonly subject?: string;
}

/** Under this many characters, once the nesting scan passed, a parse is quick whatever the text: no timer (it costs about 0.2 ms a call). */
const UNTIMED_CHARS = 1024;

// One context for every parse: a context costs about a millisecond to make.
const sandbox: { task?: () => unknown } = {};
const context = vm.createContext(sandbox);
const RUN = new vm.Script('task()');

function isTimeout(error: unknown): boolean {
  return (error as { code?: string })?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/**
 * Runs `parse` (a format's parse of `text`, or anything that parses it) within a budget of nesting
 * and time: a file nested deeper than MAX_NESTING (by the format's quick scan) is refused before
 * parsing, and a parse that runs past its time is stopped (V8 interrupts it, however deep in the
 * parser it is) and refused. Either way a FormatError names the problem, and the other files go on.
 * Synchronous: a signal that arrives meanwhile is handled after it, so the time budget also bounds
 * how long a SIGTERM waits.
 */
export function withinParseBudget<T>(format: Format<unknown>, text: string, parse: () => T, budget: ParseBudget = {}): T {
  const refuse = (message: string, line?: number) =>
    budget.subject ? new FormatError(`${budget.subject}${line ? ` (line ${line})` : ''}: ${message}`) : new FormatError(message, line);
  const deep = format.nesting?.(text);
  if (deep && deep.depth > MAX_NESTING) throw refuse(`nested about ${deep.depth} levels deep (more than ${MAX_NESTING}); refused without parsing`, deep.line);
  const chars = budget.chars ?? text.length;
  if (chars < UNTIMED_CHARS && budget.timeMs === undefined) return guard(parse, refuse);
  const timeMs = budget.timeMs ?? parseTimeBudget(chars);
  sandbox.task = parse;
  try {
    return RUN.runInContext(context, { timeout: timeMs }) as T;
  } catch (error) {
    if (isTimeout(error)) throw refuse(`parsing took longer than ${(timeMs / 1000).toFixed(1)} s (the budget for a file of this size); refused`);
    throw stackOverflow(error, refuse) ?? error;
  } finally {
    sandbox.task = undefined;
  }
}

function stackOverflow(error: unknown, refuse: (message: string) => FormatError): FormatError | undefined {
  return error instanceof RangeError && /call stack/i.test(error.message) ? refuse('nested too deeply to parse; refused') : undefined;
}

function guard<T>(parse: () => T, refuse: (message: string) => FormatError): T {
  try {
    return parse();
  } catch (error) {
    throw stackOverflow(error, refuse) ?? error;
  }
}
