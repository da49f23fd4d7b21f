import { createHash, timingSafeEqual } from 'node:crypto';
import { parse } from 'basic-auth';
import type { RequestHandler } from 'express';

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

/** Dashboard credentials from TRANSLATE_LOCALES_DASHBOARD_USER / _PASSWORD; both or neither. */
export function dashboardCredentials(env: NodeJS.ProcessEnv): Credentials | undefined {
  const user = env.TRANSLATE_LOCALES_DASHBOARD_USER;
  const password = env.TRANSLATE_LOCALES_DASHBOARD_PASSWORD;
  return user && password ? { user, password } : undefined;
}

// Hashes first so that the comparison takes the same time whatever the lengths.
const digest = (s: string) => createHash('sha256').update(s).digest();
const same = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/** HTTP basic auth; without credentials, lets everything through. */
export function basicAuth(credentials: Credentials | undefined): RequestHandler {
  return (req, res, next) => {
    if (!credentials) return next();
    const given = parse(req.headers.authorization ?? '');
    // Both compared, always: which one was wrong takes no different time.
    const checks = given ? [same(given.name, credentials.user), same(given.pass, credentials.password)] : [false];
    if (checks.every(Boolean)) return next();
    res.set('WWW-Authenticate', 'Basic realm="translate-locales", charset="UTF-8"').status(401).type('text/plain').send('authentication required\n');
  };
}
