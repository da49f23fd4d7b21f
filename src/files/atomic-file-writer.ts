import { createHash, randomBytes, type Hash } from 'node:crypto';
import { closeSync, fchmodSync, fsync, openSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { CHUNK_CHARS, textChunks } from './text-chunks.ts';
import { isMissing } from './read-failure.ts';
import type { ContentDigest } from './same-content.ts';

export interface AtomicFileOptions {
  /** A file whose permissions a new file takes (a target gets its source's); an existing file keeps its own. */
  readonly modeFrom?: string;
}

/** Off the event loop: a large file's flush to disk must not hold up lock renewals and replies. */
const fsyncAsync = promisify(fsync);

/** `.NAME.HEX.tmp`: the only names a writer leaves behind when killed mid-write (see removeLeftovers). */
const TEMP_NAME = /^\.(.+)\.[0-9a-f]{12}\.tmp$/;

/** True for a file name an AtomicFileWriter itself made (and a crash may have left). */
export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}

/** The permission bits the written file must have: those it has now, else those of `modeFrom`, else the default. */
async function modeFor(file: string, modeFrom?: string): Promise<number | undefined> {
  for (const f of modeFrom ? [file, modeFrom] : [file]) {
    try {
      return (await stat(f)).mode & 0o7777;
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  return undefined;
}

/** UTF-8 bytes one UTF-16 code unit can take (a surrogate pair takes four for two). */
const MAX_UTF8_PER_CHAR = 3;
let shared: Buffer | undefined;

/**
 * One buffer that every writer encodes into, a chunk at a time, and writes out before returning: a
 * new buffer per chunk would leave a large file's worth of them to the next collection, outside the heap.
 */
function scratch(): Buffer {
  return (shared ??= Buffer.allocUnsafeSlow(CHUNK_CHARS * MAX_UTF8_PER_CHAR));
}

/**
 * A file written beside its destination and renamed over it, so no reader ever sees half a file; it
 * keeps the destination's permissions. Text arrives in pieces and is written as it comes (synchronously,
 * so a format's synchronous walk can hand over its output without holding it), a chunk at a time.
 */
export class AtomicFileWriter {
  private gathered: string[] = [];
  private size = 0;
  private fd: number | undefined;
  private readonly hash: Hash = createHash('sha256');
  private written = 0;
  private done = false;

  /** `temp` undefined: a writer that only takes the digest, in a folder this process may not write (`unwritable` says why). */
  private constructor(
    readonly file: string,
    private readonly temp: string | undefined,
    fd: number | undefined,
    private readonly unwritable?: Error,
  ) {
    this.fd = fd;
  }

  /**
   * Like `open`, but where the folder cannot be written (permissions, a read-only mount) a writer that
   * only takes the digest: a target that stays the same needs no write, and `commit` then fails with the reason.
   */
  static async openOrDigest(file: string, options: AtomicFileOptions = {}): Promise<AtomicFileWriter> {
    try {
      return await AtomicFileWriter.open(file, options);
    } catch (error) {
      if (!['EACCES', 'EPERM', 'EROFS'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
      return new AtomicFileWriter(file, undefined, undefined, error as Error);
    }
  }

  static async open(file: string, options: AtomicFileOptions = {}): Promise<AtomicFileWriter> {
    await mkdir(path.dirname(file), { recursive: true });
    const mode = await modeFor(file, options.modeFrom);
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    const fd = openSync(temp, 'wx');
    try {
      // Set on the file, not at open: the process umask must not narrow a 0664 target to 0644.
      if (mode !== undefined) fchmodSync(fd, mode);
    } catch (error) {
      closeSync(fd);
      await rm(temp, { force: true });
      throw error;
    }
    return new AtomicFileWriter(file, temp, fd);
  }

  /**
   * Appends text; small pieces are gathered into writes of about a chunk (one write per piece would be
   * slow), a large one is encoded a chunk at a time. A piece must not end inside a surrogate pair.
   */
  write(piece: string | Uint8Array): void {
    this.stillOpen();
    if (typeof piece !== 'string') {
      this.flush();
      this.writeAll(piece);
      return;
    }
    this.gathered.push(piece);
    this.size += piece.length;
    if (this.size >= CHUNK_CHARS) this.flush();
  }

  /** What has been written so far, as bytes on disk. */
  async bytes(): Promise<Buffer> {
    this.flush();
    if (!this.temp) throw this.unwritable!;
    return readFile(this.temp);
  }

  /** The size and SHA-256 of what has been written so far: to compare with the destination without holding either. */
  digest(): ContentDigest {
    this.flush();
    return { size: this.written, sha256: this.hash.copy().digest('hex') };
  }

  /** Makes the file durable and puts it in place of the destination. */
  async commit(): Promise<void> {
    try {
      this.flush();
      if (!this.temp) throw this.unwritable!;
      await fsyncAsync(this.fd!);
      this.close();
      await rename(this.temp, this.file);
    } catch (error) {
      await this.discard();
      throw error;
    }
  }

  /** Leaves the destination as it was. */
  async discard(): Promise<void> {
    this.done = true;
    this.close();
    if (this.temp) await rm(this.temp, { force: true });
  }

  /** Encodes what was gathered into the shared scratch buffer, writing it out each time it fills. */
  private flush(): void {
    if (!this.size) return;
    const pieces = this.gathered;
    this.gathered = [];
    this.size = 0;
    const buffer = scratch();
    let used = 0;
    for (const piece of pieces) {
      for (const chunk of piece.length > CHUNK_CHARS ? textChunks(piece) : [piece]) {
        if (used + chunk.length * MAX_UTF8_PER_CHAR > buffer.length) {
          this.writeAll(buffer.subarray(0, used));
          used = 0;
        }
        used += buffer.write(chunk, used, 'utf8');
      }
    }
    this.writeAll(buffer.subarray(0, used));
  }

  private writeAll(bytes: Uint8Array): void {
    this.stillOpen();
    const fd = this.fd;
    if (fd !== undefined) for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
    this.hash.update(bytes);
    this.written += bytes.length;
  }

  private stillOpen(): void {
    if (this.done) throw new Error(`${this.file}: written after it was committed or discarded`);
  }

  private close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.done = true;
  }
}
