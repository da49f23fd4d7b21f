import { z } from 'zod';
import type { OptionsSchema } from '../formats/format-descriptor.ts';
import { FORMATS } from '../formats/registry.ts';
import { DEFAULT_PREFIX, PREFIX_PATTERN } from '../queue/queue-names.ts';
import { MAX_CONCURRENCY } from './concurrency.ts';

/** What a file group's `format` may be: the registry's names. */
export const FORMAT_NAMES = FORMATS.map((f) => f.name) as [string, ...string[]];

const positiveInt = z.number().int().positive();

export const fileGroupSchema = z
  .object({
    format: z.enum(FORMAT_NAMES, { errorMap: () => ({ message: `unknown format; use one of ${FORMAT_NAMES.join(', ')}` }) }),
    source: z.string().min(1),
    target: z.string().min(1).optional(),
    domains: z.string().min(1).optional(),
    /** Globs of source files to skip; `{locale}` stands for every target locale's folder. */
    exclude: z.array(z.string().min(1)).optional(),
    /** This group's locales, a subset of the top-level `targetLocales` (default: all of them). */
    targetLocales: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();

const baseSchema = z
  .object({
    sourceLocale: z.string().min(1),
    targetLocales: z.array(z.string().min(1)).min(1, 'name at least one target locale'),
    files: z.array(fileGroupSchema).min(1, 'name at least one file group'),
    /** Folder or file names for locales whose name on disk is not the locale code (`"zh-Hans": "zh_CN"`). */
    localeMapping: z.record(z.string().min(1), z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]*$/, 'a folder name: letters, digits, - _ . @')).optional(),
    provider: z
      .object({
        name: z.enum(['qwen-mt', 'pseudo']).default('qwen-mt'),
        model: z.string().min(1).optional(),
        region: z.enum(['cn', 'intl', 'us']).default('cn'),
        baseUrl: z.string().url().refine((u) => /^https?:\/\//i.test(u), 'use an http(s) URL').optional(),
        /** Allow a plain-http baseUrl to a host other than this machine (the API key then travels in clear). */
        allowInsecure: z.boolean().default(false),
        timeoutMs: positiveInt.default(120_000),
        stream: z.boolean().default(false),
      })
      .strict()
      .default({}),
    rateLimit: z.object({ rpm: positiveInt.optional(), tpm: positiveInt.optional() }).strict().default({}),
    retry: z
      .object({
        attempts: positiveInt.max(50).default(6),
        baseDelayMs: z.number().int().nonnegative().default(1000),
        maxDelayMs: positiveInt.default(60_000),
      })
      .strict()
      .default({}),
    batch: z
      .object({
        /** Input+output tokens per packed request; default: the account's TPM ÷ RPM, within the input cap. */
        maxTokens: positiveInt.optional(),
        maxSegments: positiveInt.default(200),
      })
      .strict()
      .default({}),
    /** Requests in flight per process (0: a run only produces); resolved by translateConcurrency (concurrency.ts). */
    concurrency: z.number().int().min(0).max(MAX_CONCURRENCY).optional(),
    domains: z.string().min(1).optional(),
    memory: z
      .object({
        dir: z.string().min(1).default('.translate-locales'),
        /** Closest earlier translations sent as Qwen-MT `tm_list` examples with each request. */
        examples: z.number().int().min(0).max(20).default(2),
      })
      .strict()
      .default({}),
    /** CSV or JSON terminology file (see README). */
    glossary: z.string().min(1).optional(),
    redis: z
      .object({
        url: z.string().min(1).optional(),
        /** First part of every key: runs (and workers) with different prefixes on one Redis never meet. */
        prefix: z.string().regex(PREFIX_PATTERN, 'use 1–64 letters, digits, ".", "_", "-" (no ":")').default(DEFAULT_PREFIX),
        /** How long a lost connection may take to come back before the run stops. */
        reconnectTimeoutMs: positiveInt.default(60_000),
      })
      .strict()
      .default({}),
    onFailure: z.enum(['skip-file', 'keep-source']).default('skip-file'),
  })
  .strict();

/** Each format's settings under the format's name, for the formats that have any. */
const formatOptionsShape: Record<string, OptionsSchema> = Object.fromEntries(FORMATS.flatMap((f) => (f.optionsSchema ? [[f.name, f.optionsSchema]] : [])));

/** The config file's schema: the shared settings, and one key per format with settings (read with `formatOptions`). */
export const configSchema: typeof baseSchema = baseSchema.extend(formatOptionsShape) as unknown as typeof baseSchema;

export type Config = z.infer<typeof baseSchema>;
export type FileGroup = z.infer<typeof fileGroupSchema>;
