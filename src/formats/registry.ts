import type { FormatDescriptor } from './format-descriptor.ts';
import { json } from './json/index.ts';
import { markdown } from './markdown/index.ts';
import { po } from './po/index.ts';

/**
 * Every format the tool knows: the config schema, file discovery, `init` and the workers' segment
 * checks are all derived from this list. Adding a format is its folder and one entry here.
 */
export const FORMATS: readonly FormatDescriptor[] = [json, markdown, po];
