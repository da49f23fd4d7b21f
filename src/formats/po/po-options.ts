import { z } from 'zod';

/** The config's `po`: how machine output is marked for review. */
export const poOptionsSchema = z
  .object({
    /** Flag machine output `#, fuzzy` so msgfmt skips it until a person has reviewed it. */
    markFuzzy: z.boolean().default(true),
    /** Translate fuzzy entries too (they are kept as they are otherwise). */
    retranslateFuzzy: z.boolean().default(false),
    /** `--check` reports fuzzy entries (machine output not yet reviewed). */
    failOnFuzzy: z.boolean().default(false),
  })
  .strict()
  .default({});

export type PoOptions = Readonly<z.output<typeof poOptionsSchema>>;
