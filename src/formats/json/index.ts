import type { FormatDescriptor } from '../format-descriptor.ts';

/** JSON locale files: every string value, ICU messages run by run, i18next plural keys per locale. */
export const json: FormatDescriptor = {
  name: 'json',
  extensions: ['json'],
  load: async () => (await import('./json-format.ts')).jsonFormat,
};
