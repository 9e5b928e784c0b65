/**
 * `planCampaign`: from target lists to a contact plan — control groups, contact policy (frequency
 * caps, quiet hours, do-not-disturb, channel choice and cost), arbitration between campaigns by
 * expected net gain, and a budget; every subscriber left out is left out with a reason.
 *
 * @module
 */
import { DataError, OptionsError, TelcoError } from '../errors.js';
import { assignArms } from './assign-arms.js';
import { requireArray, requireObject } from '../internal/guards.js';
import { defineOptions, described, real } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';

import { capText, compileContactPolicy } from './contact-policy.js';
import type { Channel, ContactPolicy } from './contact-policy.js';
export type { Channel, ChannelSpec, FrequencyCap, ContactPolicy } from './contact-policy.js';

/**
 * The declared input of {@link planCampaign}: `targets` is data (checked record by record below);
 * `arms` and `salt` go to `assignArms`, which checks them; `policy` is the contact policy, checked
 * by its own declaration with the prefix `policy.`.
 */
const parsePlanCampaignInput = defineOptions('planCampaign', {
  targets: o.custom<readonly CandidateContact[]>(),
  arms: o.custom<Readonly<Record<string, number>>>().optional(),
  salt: o.custom<string>().optional(),
  offer: described(o.string(), 'a string').optional(),
  policy: o.custom<ContactPolicy>().optional(),
  budget: described(o.union([real({ gt: 0 }), o.literal(Infinity)]), 'a number > 0 or Infinity (or omitted for no budget)').default(Infinity),
});

/** One candidate contact: a subscriber a campaign wants to reach. @category Campaign */
export interface CandidateContact {
  readonly subscriberId: string;
  readonly campaignId: string;
  /** Predicted uplift of contacting by SMS (difference of probabilities); channels scale it by their `effect`. Optional. */
  readonly expectedUplift?: number;
  /** What a conversion is worth (currency units, ≥ 0). Default 0. */
  readonly value?: number;
  /** Why the subscriber was selected (from {@link selectTargets}). */
  readonly reasons?: readonly string[];
}

/** Input of {@link planCampaign}. @category Campaign */
export interface PlanCampaignInput {
  /** Candidate contacts of one or more campaigns (a subscriber may appear once per campaign). */
  readonly targets: readonly CandidateContact[];
  /** Arm shares per campaign, as {@link assignArms} takes them; the arm named `control` is held out. Default `{ control: 0.1, treatment: 0.9 }`. */
  readonly arms?: Readonly<Record<string, number>>;
  /** Salt of the arm assignment. Default `'telcokit'`. */
  readonly salt?: string;
  /** The offer made (recorded in each contact). */
  readonly offer?: string;
  readonly policy?: ContactPolicy;
  /** Most the plan may spend on contacts (> 0). Default Infinity. */
  readonly budget?: number;
}

/** One planned contact. @category Campaign */
export interface PlannedContact {
  readonly subscriberId: string;
  readonly campaignId: string;
  readonly arm: string;
  readonly channel: Channel;
  readonly cost: number;
  /** expectedUplift × effect × value − cost (null without an expectedUplift). */
  readonly expectedNetGain: number | null;
  /** When to send (ISO, UTC), after deferring out of quiet hours. */
  readonly sendAt: string | null;
  readonly offer: string | null;
  readonly reasons: readonly string[];
}

/** The plan: plain data. @category Campaign */
export interface CampaignPlan {
  readonly contacts: PlannedContact[];
  /** Held out as control (not contacted, measured). */
  readonly control: { readonly subscriberId: string; readonly campaignId: string }[];
  /** Everyone left out, with the reason. */
  readonly excluded: { readonly subscriberId: string; readonly campaignId: string; readonly reason: string }[];
  readonly totalCost: number;
  /** Σ expected net gain of the contacts that have one. */
  readonly expectedNetGain: number;
  /** Per campaign: its test population (contacts then control) and treatment flags, ready for `simulateCampaign` / `evaluateCampaign`. */
  readonly tests: Record<string, { readonly targets: string[]; readonly treatment: number[] }>;
}

/**
 * Plans a campaign (or several at once). In order: (1) do-not-disturb subscribers are excluded;
 * (2) each campaign's candidates are split into arms by {@link assignArms} (the `control` arm is
 * held out and reported in `control`); (3) for every treated candidate, the channels it can
 * receive are those it is reachable on and whose frequency caps (past `history` within
 * `windowDays` of `sendAt`) are not reached; of these, the one with the highest expected net
 * gain `uplift × effect × value − cost` is chosen (the cheapest when no uplift is given);
 * (4) a subscriber treated by several campaigns gets only the one with the highest expected net
 * gain (arbitration; the others are excluded naming the winner); (5) candidates with an uplift
 * and an expected net gain ≤ 0 are excluded (sleeping dogs, or a contact that costs more than it
 * brings); (6) the rest are taken by decreasing expected net gain (input order without uplift)
 * while the budget lasts; (7) a contact due inside the subscriber's local quiet hours is deferred
 * to their end.
 *
 * @param input - `targets`, `arms`, `salt`, `offer`, `policy`, `budget`
 * @returns contacts, control, exclusions with reasons, cost, expected net gain, per-campaign test populations
 * @throws OptionsError for bad arms (a control share of 0 or 1, shares not summing to 1), a budget ≤ 0,
 *   a negative channel cost or effect, an unknown option or policy field, bad quiet hours or caps,
 *   caps or quiet hours without `sendAt`
 * @throws DataError for a candidate without ids, a negative value, a non-finite uplift, or a
 *   subscriber listed twice for the same campaign
 * @example
 * const plan = planCampaign({
 *   targets: [{ subscriberId: 'S1', campaignId: 'recall', expectedUplift: 0.1, value: 50 }, { subscriberId: 'S2', campaignId: 'recall', expectedUplift: -0.05, value: 50 }],
 *   arms: { control: 0.01, treatment: 0.99 },
 *   policy: { channels: { sms: { cost: 0.05 }, call: { cost: 2, effect: 2 } } },
 * });
 * plan.contacts.map((c) => [c.subscriberId, c.channel]) // => [['S1', 'call']]
 * plan.excluded[0]!.reason.startsWith('expected net gain') // => true
 * @category Campaign
 */
export function planCampaign(input: PlanCampaignInput): CampaignPlan {
  const fn = 'planCampaign';
  requireObject(fn, 'input', input, 'an object { targets, … }');
  const inp = parsePlanCampaignInput(input);
  requireArray(fn, 'input.targets', inp.targets, 'of targets');
  const { budget } = inp;
  const arms = inp.arms ?? { control: 0.1, treatment: 0.9 };
  const compiled = compileContactPolicy(fn, inp.policy, 'policy');
  const policy = compiled.policy;
  const channels = policy.channels;
  // in the caller's order (the parsed object lists them in declaration order)
  const chanList = (Object.keys(inp.policy?.channels ?? channels) as Channel[]).filter((ch) => channels[ch] !== undefined);
  const reach = new Map<Channel, Set<string> | null>();
  for (const ch of chanList) reach.set(ch, channels[ch]!.reachable ? new Set(channels[ch]!.reachable) : null);
  const caps = compiled.caps;
  const sendAtMs = policy.sendAt !== undefined ? Date.parse(policy.sendAt) : NaN;
  if ((caps.length > 0 || policy.quietHours) && !Number.isFinite(sendAtMs)) throw new OptionsError(`${fn}: frequency caps and quiet hours need policy.sendAt`, 'policy.sendAt');
  const history = compiled.history;
  const dnd = { has: (id: string): boolean => compiled.isDoNotDisturb(id) };

  const excluded: { subscriberId: string; campaignId: string; reason: string }[] = [];
  const control: { subscriberId: string; campaignId: string }[] = [];
  const byCampaign = new Map<string, CandidateContact[]>();
  const seen = new Set<string>();
  input.targets.forEach((t, k) => {
    if (!t || typeof t.subscriberId !== 'string' || typeof t.campaignId !== 'string') throw new DataError(`${fn}: target ${k} needs a subscriberId and a campaignId`);
    const key = `${t.campaignId}\u0000${t.subscriberId}`;
    if (seen.has(key)) throw new DataError(`${fn}: subscriber '${t.subscriberId}' is listed twice for campaign '${t.campaignId}'`);
    seen.add(key);
    if (t.value !== undefined && (!Number.isFinite(t.value) || t.value < 0)) throw new DataError(`${fn}: target ${k} value must be a finite number ≥ 0, got ${t.value}`);
    if (t.expectedUplift !== undefined && !Number.isFinite(t.expectedUplift)) throw new DataError(`${fn}: target ${k} expectedUplift must be finite, got ${t.expectedUplift}`);
    if (dnd.has(t.subscriberId)) {
      excluded.push({ subscriberId: t.subscriberId, campaignId: t.campaignId, reason: 'do-not-disturb list' });
      return;
    }
    let l = byCampaign.get(t.campaignId);
    if (!l) byCampaign.set(t.campaignId, (l = []));
    l.push(t);
  });

  const best = new Map<string, Option[]>(); // subscriber → feasible treated options (one per campaign)
  let order = 0;
  for (const [campaignId, list] of byCampaign) {
    let a;
    try {
      a = assignArms(list.map((t) => t.subscriberId), { campaignId, arms, ...(input.salt !== undefined ? { salt: input.salt } : {}) });
    } catch (e) {
      if (e instanceof OptionsError) throw new OptionsError(`${fn}: arms: ${e.message.replace(/^assignArms: /, '')}`, `arms${e.option === 'arms' ? '' : '.' + e.option}`);
      if (e instanceof TelcoError) throw e;
      throw e;
    }
    list.forEach((t, k) => {
      const arm = a.armNames[a.armIndex[k]!]!;
      if (arm === 'control') {
        control.push({ subscriberId: t.subscriberId, campaignId });
        return;
      }
      const past = history.get(t.subscriberId) ?? [];
      let bestOpt: Option | null = null;
      const blocked: string[] = [];
      for (const ch of chanList) {
        const r = reach.get(ch);
        if (r && !r.has(t.subscriberId)) {
          blocked.push(`${ch}: not reachable`);
          continue;
        }
        const capHit = compiled.capReached(ch, sendAtMs, past);
        if (capHit) {
          blocked.push(`${ch}: ${capText(capHit)} reached`);
          continue;
        }
        const spec = channels[ch]!;
        const gain = t.expectedUplift !== undefined ? t.expectedUplift * (spec.effect ?? 1) * (t.value ?? 0) - spec.cost : null;
        const opt: Option = { t, arm, channel: ch, cost: spec.cost, gain, order: order };
        if (!bestOpt || (gain !== null && bestOpt.gain !== null ? gain > bestOpt.gain : opt.cost < bestOpt.cost)) bestOpt = opt;
      }
      order++;
      if (!bestOpt) {
        excluded.push({ subscriberId: t.subscriberId, campaignId, reason: `no channel available (${blocked.join('; ')})` });
        return;
      }
      let l = best.get(t.subscriberId);
      if (!l) best.set(t.subscriberId, (l = []));
      l.push(bestOpt);
    });
  }
  const chosen = arbitrate(best, excluded);
  chosen.sort((x, y) => (y.gain ?? -Infinity) - (x.gain ?? -Infinity) || x.order - y.order);
  const contacts: PlannedContact[] = [];
  let spent = 0;
  let gainSum = 0;
  for (const o of chosen) {
    if (spent + o.cost > budget) {
      excluded.push({ subscriberId: o.t.subscriberId, campaignId: o.t.campaignId, reason: `budget: ${o.channel} contact at ${o.cost} would exceed ${budget} (spent ${fmt(spent)})` });
      continue;
    }
    spent += o.cost;
    if (o.gain !== null) gainSum += o.gain;
    let sendAt: string | null = Number.isFinite(sendAtMs) ? new Date(sendAtMs).toISOString() : null;
    if (Number.isFinite(sendAtMs)) sendAt = new Date(compiled.deferQuiet(o.t.subscriberId, sendAtMs)).toISOString();
    contacts.push({ subscriberId: o.t.subscriberId, campaignId: o.t.campaignId, arm: o.arm, channel: o.channel, cost: o.cost, expectedNetGain: o.gain, sendAt, offer: input.offer ?? null, reasons: [...(o.t.reasons ?? [])] });
  }
  const tests = testPopulations(contacts, control);
  return { contacts, control, excluded, totalCost: spent, expectedNetGain: gainSum, tests };
}

/** One feasible treated contact for a subscriber in one campaign (its cheapest or best channel). */
interface Option {
  t: CandidateContact;
  arm: string;
  channel: Channel;
  cost: number;
  gain: number | null;
  order: number;
}

/**
 * Arbitration between campaigns: each subscriber keeps the option with the highest expected net
 * gain (ties by candidate order); the others, and a winner whose gain is ≤ 0, go to `excluded`
 * with the reason.
 */
function arbitrate(best: Map<string, Option[]>, excluded: { subscriberId: string; campaignId: string; reason: string }[]): Option[] {
  const chosen: Option[] = [];
  for (const [id, opts] of best) {
    opts.sort((x, y) => (y.gain ?? -Infinity) - (x.gain ?? -Infinity) || x.order - y.order);
    const win = opts[0]!;
    for (const o of opts.slice(1)) {
      excluded.push({ subscriberId: id, campaignId: o.t.campaignId, reason: `arbitration: campaign '${win.t.campaignId}' has the higher expected net gain (${fmt(win.gain)} vs ${fmt(o.gain)})` });
    }
    if (win.gain !== null && win.gain <= 0) {
      excluded.push({ subscriberId: id, campaignId: win.t.campaignId, reason: `expected net gain ${fmt(win.gain)} ≤ 0 (${(win.t.expectedUplift ?? 0) < 0 ? 'sleeping dog: the contact is expected to lower the outcome' : 'the contact costs more than it is expected to bring'})` });
      continue;
    }
    chosen.push(win);
  }
  return chosen;
}

/** Per-campaign test populations: the contacted subscribers (treatment 1), then the control (0). */
function testPopulations(contacts: readonly PlannedContact[], control: readonly { subscriberId: string; campaignId: string }[]): Record<string, { targets: string[]; treatment: number[] }> {
  const tests: Record<string, { targets: string[]; treatment: number[] }> = {};
  for (const c of contacts) (tests[c.campaignId] ??= { targets: [], treatment: [] }).targets.push(c.subscriberId);
  for (const t of Object.values(tests)) t.treatment = t.targets.map(() => 1);
  for (const c of control) {
    const t = (tests[c.campaignId] ??= { targets: [], treatment: [] });
    t.targets.push(c.subscriberId);
    t.treatment.push(0);
  }
  return tests;
}

function fmt(x: number | null): string {
  return x === null ? 'unknown' : (Math.round(x * 100) / 100).toString();
}
