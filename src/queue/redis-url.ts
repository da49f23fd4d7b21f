import { ConfigError } from '../errors/config-error.ts';

/** A Redis URL parsed with the WHATWG parser (as ioredis parses it), and how it may be printed. */
export class RedisUrl {
  private constructor(
    readonly url: string,
    /** Scheme, host, port and db, or the socket path: never a user name or password, wherever the URL put them. */
    readonly display: string,
    /** The socket path of a `unix://` or bare-path URL. */
    readonly socketPath?: string,
  ) {}

  /** Throws a ConfigError that does not repeat the URL (it may hold a password). */
  static parse(url: string): RedisUrl {
    if (url.startsWith('/') && !url.startsWith('//')) return RedisUrl.socket(url, url);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError('the Redis URL is not a valid URL (write it as redis://[:PASSWORD@]HOST[:PORT][/DB], with characters such as / # ? @ in the password percent-encoded: / as %2F)');
    }
    if (parsed.protocol === 'unix:') return RedisUrl.socket(url, decodeURIComponent(parsed.pathname));
    if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
      throw new ConfigError(`the Redis URL must start with redis://, rediss:// or unix:// (not ${parsed.protocol}//)`);
    }
    const db = /^\/\d+$/.test(parsed.pathname) ? parsed.pathname : '';
    return new RedisUrl(url, `${parsed.protocol}//${parsed.hostname}:${parsed.port || '6379'}${db}`);
  }

  private static socket(url: string, withQuery: string): RedisUrl {
    const socketPath = withQuery.replace(/\?.*$/s, '');
    return new RedisUrl(url, `unix://${socketPath}`, socketPath);
  }

  /** A message with every Redis URL in it (an error naming the server, say) in its printable form. */
  static redactIn(text: string): string {
    return text.replace(/\b(?:rediss?|unix):\/\/[^\s"'<>]+/g, (url) => RedisUrl.display(url));
  }

  /** The printable form of any URL: one that does not parse is not echoed. */
  static display(url: string): string {
    try {
      return RedisUrl.parse(url).display;
    } catch {
      return '(an invalid Redis URL)';
    }
  }
}
