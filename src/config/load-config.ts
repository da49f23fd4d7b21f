import { readFile } from 'node:fs/promises';
import { isMissing, readFailure } from '../files/read-failure.ts';
import path from 'node:path';
import type { ZodIssue } from 'zod';
import { ConfigError } from '../errors/config-error.ts';
import { refuseBadLocales, refuseInsecureBaseUrl, refuseLinkedFiles, refuseOutsidePaths } from './config-guards.ts';
import { PACKAGE_KEY } from './find-config.ts';
import { qwenLanguageFor } from './locales.ts';
import { accountLimits, BASE_URLS, DEFAULT_MODEL, modelInfo, type ModelInfo } from './models.ts';
import { configSchema, type Config } from './schema.ts';

/** Command-line flags that override the config file. */
export interface ConfigOverrides {
  to?: string[];
  provider?: 'qwen-mt' | 'pseudo';
  model?: string;
  concurrency?: number;
  redis?: string;
  /** Only source files matching this glob (relative to the config's folder). */
  only?: string;
  /** Translate again what the memory has (human edits are still kept). */
  force?: boolean;
}

export interface TargetLocale {
  readonly locale: string;
  /** The Qwen-MT English name sent as `target_lang`. */
  readonly language: string;
}

export interface ResolvedConfig extends Config {
  /** Absolute folder of the config file: every path in it is relative to this. */
  readonly root: string;
  readonly configPath: string;
  readonly sourceLanguage: string;
  readonly targets: readonly TargetLocale[];
  readonly model: ModelInfo;
  readonly baseUrl: string;
  readonly rpm: number;
  readonly tpm: number;
  readonly redisUrl: string | undefined;
  readonly only?: string;
  readonly force: boolean;
}

function describe(issue: ZodIssue): string {
  const where = issue.path.length ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') return `${where}: unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return `${where}: missing`;
  return `${where}: ${issue.message}`;
}

export async function loadConfig(file: string, overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedConfig> {
  const configPath = path.resolve(file);
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch (error) {
    if (isMissing(error)) throw new ConfigError(`${configPath}: config file not found (pass --config FILE)`);
    throw new ConfigError(`${configPath}: config file cannot be read: ${readFailure(error).reason}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${configPath}: not valid JSON: ${(error as Error).message}`);
  }
  if (path.basename(configPath) === 'package.json') {
    if (typeof raw !== 'object' || raw === null || !Object.hasOwn(raw, PACKAGE_KEY)) throw new ConfigError(`${configPath}: has no "${PACKAGE_KEY}" key`);
    raw = (raw as Record<string, unknown>)[PACKAGE_KEY];
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`${configPath}: ${parsed.error.issues.map(describe).join('; ')}`);
  }
  const config = resolveConfig(parsed.data, configPath, overrides, env);
  await refuseLinkedFiles(config.root, config.memory.dir, config.targets.map((t) => t.locale), config.glossary);
  return config;
}

export function resolveConfig(config: Config, configPath: string, overrides: ConfigOverrides, env: NodeJS.ProcessEnv): ResolvedConfig {
  refuseBadLocales(configPath, config, overrides.to);
  refuseOutsidePaths(configPath, config);
  const provider = { ...config.provider };
  if (overrides.provider) provider.name = overrides.provider;
  if (overrides.model) provider.model = overrides.model;
  const model = modelInfo(provider.model ?? DEFAULT_MODEL);
  const targetCodes = overrides.to?.length ? overrides.to : config.targetLocales;

  const source = qwenLanguageFor(config.sourceLocale);
  if (!source) throw new ConfigError(`${configPath}: sourceLocale "${config.sourceLocale}" is not a language Qwen-MT supports`);
  const targets = targetCodes.map((locale): TargetLocale => {
    const lang = qwenLanguageFor(locale);
    if (!lang) throw new ConfigError(`${configPath}: target locale "${locale}" is not a language Qwen-MT supports`);
    if (model.liteLanguagesOnly && !lang.lite) {
      throw new ConfigError(`${configPath}: ${model.name} does not support ${lang.name} ("${locale}"); choose qwen-mt-flash or drop the locale`);
    }
    return { locale, language: lang.name };
  });
  for (const t of targets) {
    if (t.locale === config.sourceLocale) throw new ConfigError(`${configPath}: target locale "${t.locale}" is the source locale`);
  }
  for (const [i, group] of config.files.entries()) {
    const unknown = group.targetLocales?.filter((l) => !config.targetLocales.includes(l)) ?? [];
    if (unknown.length) throw new ConfigError(`${configPath}: files.${i}.targetLocales: ${unknown.map((l) => `"${l}"`).join(', ')} not in targetLocales`);
  }
  const folders = new Map<string, string>();
  for (const locale of [config.sourceLocale, ...config.targetLocales]) {
    const name = config.localeMapping?.[locale] ?? locale;
    const other = folders.get(name);
    if (other !== undefined) throw new ConfigError(`${configPath}: localeMapping: "${locale}" and "${other}" would share the folder name "${name}"`);
    folders.set(name, locale);
  }
  const baseUrl = (provider.baseUrl ?? env.DASHSCOPE_BASE_URL ?? BASE_URLS[provider.region]).replace(/\/+$/, '');
  if (provider.name === 'qwen-mt') refuseInsecureBaseUrl(configPath, baseUrl, provider.allowInsecure);
  return {
    ...config,
    provider,
    concurrency: overrides.concurrency ?? config.concurrency,
    root: path.dirname(configPath),
    configPath,
    sourceLanguage: source.name,
    targets,
    model,
    baseUrl,
    ...accountLimits(model, provider.region, config.rateLimit),
    redisUrl: overrides.redis ?? config.redis.url ?? env.REDIS_URL,
    ...(overrides.only ? { only: overrides.only.replace(/^\.\//, '') } : {}),
    force: overrides.force ?? false,
  };
}
