import { open } from 'node:fs/promises';
import { textChunks } from './text-chunks.ts';

/** Whether `file` holds exactly `text` as UTF-8, read and compared a chunk at a time. False if it does not exist. */
export async function sameContent(file: string, text: string): Promise<boolean> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const { size } = await handle.stat();
    if (size !== Buffer.byteLength(text, 'utf8')) return false;
    let position = 0;
    for (const chunk of textChunks(text)) {
      const expected = Buffer.from(chunk, 'utf8');
      const actual = Buffer.alloc(expected.length);
      const { bytesRead } = await handle.read(actual, 0, actual.length, position);
      if (bytesRead !== expected.length || !actual.equals(expected)) return false;
      position += bytesRead;
    }
    return true;
  } finally {
    await handle.close();
  }
}
