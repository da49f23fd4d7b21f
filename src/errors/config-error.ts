/** A usage or configuration problem: the run does nothing and exits with code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
