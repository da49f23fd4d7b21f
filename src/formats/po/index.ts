import type { FormatDescriptor } from '../format-descriptor.ts';
import { poOptionsSchema } from './po-options.ts';

/** gettext catalogues: from a template (`.pot`) to one catalogue per locale, or each catalogue in place. */
export const po: FormatDescriptor = {
  name: 'po',
  extensions: ['po', 'pot'],
  optionsSchema: poOptionsSchema,
  inPlace: {
    localeIn: (head) => /"Language: *([^\\"]*?) *\\n"/.exec(head.toString('latin1'))?.[1] || undefined,
    unknownLocale: 'give it a Language header or put the locale in its path',
  },
  load: async () => (await import('./po-format.ts')).poFormat,
};
