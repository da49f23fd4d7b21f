import { createHash, randomBytes, type Hash } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { CHUNK_CHARS, textChunks } from './text-chunks.ts';
import { isMissing } from './read-failure.ts';
import type { ContentDigest } from './same-content.ts';

export interface AtomicFileOptions {
  /** A file whose permissions a new file takes (a target gets its source's); an existing file keeps its own. */
  readonly modeFrom?: string;
}

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

  private constructor(
    readonly file: string,
    private readonly temp: string,
    fd: number,
  ) {
    this.fd = fd;
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
    this.openFd();
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
      fsyncSync(this.openFd());
      this.close();
      await rename(this.temp, this.file);
    } catch (error) {
      await this.discard();
      throw error;
    }
  }

  /** Leaves the destination as it was. */
  async discard(): Promise<void> {
    this.close();
    await rm(this.temp, { force: true });
  }

  private flush(): void {
    if (!this.size) return;
    const text = this.gathered.join('');
    this.gathered = [];
    this.size = 0;
    for (const chunk of textChunks(text)) this.writeAll(Buffer.from(chunk, 'utf8'));
  }

  private writeAll(bytes: Uint8Array): void {
    const fd = this.openFd();
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
    this.hash.update(bytes);
    this.written += bytes.length;
  }

  private openFd(): number {
    if (this.fd === undefined) throw new Error(`${this.file}: written after it was committed or discarded`);
    return this.fd;
  }

  private close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
