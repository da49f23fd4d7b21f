import { expect } from 'vitest';
import { FormatError } from '../../src/errors/format-error.ts';

/** `parse` must throw a FormatError whose message matches and that names the line. */
export function expectFormatError(parse: () => unknown, message: RegExp, line: number): void {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).message).toMatch(message);
    expect((error as FormatError).line).toBe(line);
    return;
  }
  expect.unreachable('parse should throw');
}
