import { createReadStream, readSync } from 'node:fs';

/** One line of a file and the byte offset where it starts. */
export interface Line {
  readonly offset: number;
  readonly text: string;
}

/** Cuts a stream of chunks into lines, carrying a partial line over to the next chunk. */
function lineSplitter() {
  let rest = Buffer.alloc(0);
  let offset = 0;
  return {
    *push(chunk: Buffer): Generator<Line> {
      let data = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      for (let end = data.indexOf(0x0a); end !== -1; end = data.indexOf(0x0a)) {
        yield { offset, text: data.subarray(0, end).toString('utf8') };
        offset += end + 1;
        data = data.subarray(end + 1);
      }
      rest = Buffer.from(data);
    },
    *end(): Generator<Line> {
      if (rest.length) yield { offset, text: rest.toString('utf8') };
    },
  };
}

/** A file's `\n`-separated lines with exact byte offsets, read as a stream; none if it does not exist. */
export async function* readLines(file: string): AsyncGenerator<Line> {
  const lines = lineSplitter();
  try {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) yield* lines.push(chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  yield* lines.end();
}

/** The lines of an open file from its start, read synchronously a chunk at a time. */
export function* readLinesSync(fd: number): Generator<Line> {
  const lines = lineSplitter();
  for (let at = 0; ; ) {
    const chunk = Buffer.alloc(1 << 20);
    const read = readSync(fd, chunk, 0, chunk.length, at);
    if (!read) break;
    at += read;
    yield* lines.push(chunk.subarray(0, read));
  }
  yield* lines.end();
}

/** Reused by every `readLineAt` (reads are synchronous): a memory read a million times allocates no buffer each time. */
const scratch = Buffer.alloc(4096);

/** The line that starts at `offset` of an open file, without its `\n`. */
export function readLineAt(fd: number, offset: number): string {
  // A memory line is a few hundred bytes: reading more each time would copy many times the file.
  const read = readSync(fd, scratch, 0, 4096, offset);
  const end = scratch.subarray(0, read).indexOf(0x0a);
  if (end !== -1 || read < 4096) return scratch.toString('utf8', 0, end === -1 ? read : end);
  // A line longer than the scratch buffer: read on until its end.
  const parts: Buffer[] = [Buffer.from(scratch.subarray(0, read))];
  for (let at = offset + read, size = 1 << 13; ; at += size, size = Math.min(size * 2, 1 << 20)) {
    const buffer = Buffer.alloc(size);
    const n = readSync(fd, buffer, 0, size, at);
    const stop = buffer.subarray(0, n).indexOf(0x0a);
    parts.push(buffer.subarray(0, stop === -1 ? n : stop));
    if (stop !== -1 || n < size) return Buffer.concat(parts).toString('utf8');
  }
}
