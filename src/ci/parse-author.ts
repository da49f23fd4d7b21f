import { ConfigError } from '../errors/config-error.ts';

/** `Name <email>` as git wants it. */
export function parseAuthor(text: string): { name: string; email: string } {
  const m = /^\s*([^<>\n]+?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(text);
  if (!m) throw new ConfigError(`commit author must be "Name <email>", not "${text}"`);
  return { name: m[1], email: m[2] };
}
