import { yieldToEventLoop } from '../util/yield-to-event-loop.ts';
import { AtomicFileWriter, type AtomicFileOptions } from './atomic-file-writer.ts';
import { CHUNK_CHARS } from './text-chunks.ts';

export type WriteAtomicOptions = AtomicFileOptions;

/**
 * Writes beside the target and renames over it, so no reader ever sees half a file; the file keeps
 * its permissions. Pieces are encoded a chunk at a time, so a large file is not copied whole into a buffer first.
 */
export async function writeAtomic(file: string, data: string | Uint8Array | Iterable<string>, options: WriteAtomicOptions = {}): Promise<void> {
  const out = await AtomicFileWriter.open(file, options);
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) out.write(data);
    else {
      let since = 0;
      for (const piece of data) {
        out.write(piece);
        since += piece.length;
        // A state or memory file of a large project is written over many chunks: others get their turn between them.
        if (since >= CHUNK_CHARS) {
          since = 0;
          await yieldToEventLoop();
        }
      }
    }
    await out.commit();
  } catch (error) {
    // Also when the commit failed (a full disk): no temporary file stays, nor a descriptor open.
    await out.discard();
    throw error;
  }
}
