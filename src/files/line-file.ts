import { createReadStream, readSync } from 'node:fs';

/** One line of a file and the byte offset where it starts. */
export interface Line {
  readonly offset: number;
  readonly text: string;
}

/** A file's `\n`-separated lines with exact byte offsets, read as a stream; none if it does not exist. */
export async function* readLines(file: string): AsyncGenerator<Line> {
  let rest = Buffer.alloc(0);
  let offset = 0;
  try {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      let data = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      for (let end = data.indexOf(0x0a); end !== -1; end = data.indexOf(0x0a)) {
        yield { offset, text: data.subarray(0, end).toString('utf8') };
        offset += end + 1;
        data = data.subarray(end + 1);
      }
      rest = Buffer.from(data);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (rest.length) yield { offset, text: rest.toString('utf8') };
}

/** The line that starts at `offset` of an open file, without its `\n`. */
export function readLineAt(fd: number, offset: number): string {
  const parts: Buffer[] = [];
  for (let at = offset, size = 4096; ; at += size, size = Math.min(size * 2, 1 << 20)) {
    const buffer = Buffer.alloc(size);
    const read = readSync(fd, buffer, 0, size, at);
    const end = buffer.subarray(0, read).indexOf(0x0a);
    parts.push(buffer.subarray(0, end === -1 ? read : end));
    if (end !== -1 || read < size) return Buffer.concat(parts).toString('utf8');
  }
}
