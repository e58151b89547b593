import type { tiers } from '../db/schema.ts';

type Tier = typeof tiers.$inferSelect;

/** Why a tier cannot be bought at `now` (inventory aside), or null when it can. */
export function saleProblem(tier: Tier, now: Date): string | null {
  if (!tier.active) return `"${tier.name}" is not on sale`;
  if (tier.saleStartsAt && now < tier.saleStartsAt)
    return `"${tier.name}" goes on sale at ${tier.saleStartsAt.toISOString()}`;
  if (tier.saleEndsAt && now >= tier.saleEndsAt)
    return `"${tier.name}" sales ended at ${tier.saleEndsAt.toISOString()}`;
  return null;
}
