import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

/** A Redis command written in Lua, in a .lua file shipped beside the code (the build copies them). */
export interface LuaCommand {
  readonly name: string;
  readonly file: URL;
  readonly keys: number;
}

const sources = new Map<string, string>();

/**
 * Defines commands on a connection once, as BullMQ does for its own: several users may share a
 * connection. Each file is read once per process; ioredis sends each script once per connection
 * and calls it by hash from then on.
 */
export function defineLuaCommands(redis: Redis, commands: readonly LuaCommand[]): void {
  for (const c of commands) {
    if (c.name in redis) continue;
    let lua = sources.get(c.file.href);
    if (lua === undefined) sources.set(c.file.href, (lua = readFileSync(c.file, 'utf8')));
    redis.defineCommand(c.name, { numberOfKeys: c.keys, lua });
  }
}
