// Every error this package throws on purpose, one class per file (as BullMQ's classes/errors).
export { ConfigError } from './config-error.ts';
export { FormatError } from './format-error.ts';
export { ProjectBusyError } from './project-busy-error.ts';
export { type ErrorKind, ProviderError } from './provider-error.ts';
export { PublishError } from './publish-error.ts';
export { UnreadableFileError } from './unreadable-file-error.ts';
