import { createRng } from '../../metrics/stats.js';

/**
 * The schedule of a successive-halving search (Jamieson & Talwalkar 2016, "Non-stochastic best
 * arm identification and hyperparameter optimization"; the inner loop of Hyperband): round 0
 * runs every setting on a few items, each later round keeps the best 1/eta of the settings and
 * runs them on eta times as many items (the items of the rounds before included, their sessions
 * kept), the last round on every item. The items come in one seeded order, so each round's
 * items hold the last round's, and the same seed gives the same plan.
 */
export interface SearchPlan {
  /** Settings in the grid. */
  readonly settings: number;
  /** Item ids in the order rounds take them. */
  readonly itemOrder: readonly string[];
  readonly repeat: number;
  readonly eta: number;
  /** Per round: items it covers (cumulative) and the most settings it runs. */
  readonly rounds: readonly { readonly items: number; readonly settings: number }[];
  /** settings × items × repeats: what the full grid costs. */
  readonly fullGridSessions: number;
  /** Sessions if every round runs (fewer when the search stops early). */
  readonly plannedSessions: number;
}

/** How a search is shaped. */
export interface PlanOptions {
  /** Keep 1/eta of the settings per round, and multiply the items by eta. */
  readonly eta: number;
  /** Items of the first round at least. */
  readonly minItems: number;
  readonly repeat: number;
  readonly seed: number;
}

/** The item ids in a seeded order (Fisher–Yates on mulberry32). */
export function shuffleItems(ids: readonly string[], seed: number): string[] {
  const order = [...ids];
  const rng = createRng(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j] as string, order[i] as string];
  }
  return order;
}

/** How many times a count can be divided by eta (settings) or multiplied by it (items) before it runs out. */
function halvings(settings: number, items: number, o: PlanOptions): number {
  let h = 0;
  while (o.eta ** (h + 1) <= settings && o.minItems * o.eta ** (h + 1) <= items) h++;
  return h;
}

/** Plans the rounds for `settings` settings over the given items. */
export function planSearch(settings: number, itemIds: readonly string[], o: PlanOptions): SearchPlan {
  const m = itemIds.length;
  const count = 1 + halvings(settings, m, o);
  const rounds: { items: number; settings: number }[] = [];
  let kept = settings;
  for (let k = 0; k < count; k++) {
    rounds.push({ items: Math.min(m, Math.max(o.minItems, Math.ceil(m / o.eta ** (count - 1 - k)))), settings: kept });
    kept = Math.ceil(kept / o.eta);
  }
  const planned = rounds.reduce((sum, r, k) => sum + r.settings * (r.items - (rounds[k - 1]?.items ?? 0)) * o.repeat, 0);
  return { settings, itemOrder: shuffleItems(itemIds, o.seed), repeat: o.repeat, eta: o.eta, rounds, fullGridSessions: settings * m * o.repeat, plannedSessions: planned };
}
