import { ConfigError } from './config-error.ts';

/** Another run holds the project and the caller did not ask to wait: nothing was done (exit 2). */
export class ProjectBusyError extends ConfigError {}
