import type { CiContext } from './ci-context.ts';

export type CiMode = 'pull-request' | 'commit' | 'check' | 'none';

export type CiStep =
  | { readonly kind: 'check'; readonly reason: string }
  | { readonly kind: 'skip'; readonly reason: string }
  | { readonly kind: 'translate'; readonly publish: Exclude<CiMode, 'check'>; readonly reason: string };

export const BOT_BRANCH_PREFIX = 'translate-locales/';

/**
 * What the event calls for. Pull requests (forks included) and unknown events get the offline
 * check only: content and config there are untrusted and no secret must be needed. Translation
 * runs on push, schedule and manual triggers of a branch.
 */
export function planCiStep(ctx: CiContext, mode: CiMode, headIsOwnCommit: boolean): CiStep {
  if (mode === 'check') return { kind: 'check', reason: '--mode check' };
  if (ctx.trigger === 'pull-request') return { kind: 'check', reason: `${ctx.eventName}: pull requests get the offline check only (no key, no network)` };
  if (ctx.trigger === 'other') return { kind: 'check', reason: `${ctx.eventName}: not a push, schedule or manual run; offline check only` };
  if (ctx.tag) return { kind: 'skip', reason: `tag ${ctx.tag}: tags are not translated` };
  if (ctx.branch?.startsWith(BOT_BRANCH_PREFIX)) return { kind: 'skip', reason: `${ctx.branch} is translate-locales' own branch` };
  if (mode === 'commit' && headIsOwnCommit) return { kind: 'skip', reason: "the last commit is translate-locales' own: not translating it again (loop prevention)" };
  return { kind: 'translate', publish: mode, reason: `${ctx.eventName}: translate and publish (${mode})` };
}
