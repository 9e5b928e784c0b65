/**
 * `assignArms`: deterministic, hash-based control groups.
 *
 * @module
 */
import { defineOptions, described, real, str } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { DataError, DimensionError, OptionsError } from '../errors.js';
import { murmur3 } from '../internal/hash.js';

const parseAssignArmsOptions = defineOptions('assignArms', {
  campaignId: str(),
  arms: described(o.custom<Readonly<Record<string, number>>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v)), '{ name: share }'),
  salt: str(true).default('telcokit'),
  holdout: real({ min: 0, max: 0.5 }).default(0),
  // checked against the subscriber ids below
  strata: o.custom<readonly string[]>().optional(),
});

/** Options of {@link assignArms}. @category Campaign */
export interface AssignArmsOptions {
  /** The campaign's id: a different campaign reshuffles everyone (except the global holdout). Required. */
  readonly campaignId: string;
  /**
   * Arm name → share, e.g. `{ control: 0.1, sms: 0.45, push: 0.45 }`: 2 to 1,000 arms, each share
   * in (0, 1), summing to 1 (± 1e-9). Names may not be `'holdout'`. Required.
   */
  readonly arms: Readonly<Record<string, number>>;
  /** Secret mixed into every hash so that assignments cannot be predicted from ids. Default `'telcokit'`. */
  readonly salt?: string;
  /**
   * Share of the base kept out of every campaign that uses the same `salt` (a global holdout,
   * for measuring the whole programme). Default 0; in [0, 0.5].
   */
  readonly holdout?: number;
  /**
   * A stratum per subscriber (segment, value tier…), aligned with the ids: within each stratum the
   * arms then get their shares exactly (to within one subscriber), instead of in expectation.
   */
  readonly strata?: readonly string[];
}

/** What {@link assignArms} returns. @category Campaign */
export interface ArmAssignment {
  /** The arm names in option order, then `'holdout'` when a holdout was asked for. */
  readonly armNames: string[];
  /** Index into `armNames` of each subscriber's arm (aligned with the ids). */
  readonly armIndex: Uint16Array;
  /** Subscribers per arm. */
  readonly counts: Record<string, number>;
  /** The resolved options (without the strata). */
  readonly options: { readonly campaignId: string; readonly arms: Record<string, number>; readonly salt: string; readonly holdout: number; readonly stratified: boolean };
}

const MAX_ARMS = 1000;
const TWO32 = 4294967296;

/**
 * Assigns each subscriber to an arm by hashing, so that the assignment is a pure function of
 * (salt, campaign, subscriber id): stable across runs, machines and runtimes, needing no stored
 * table, and independent between campaigns. The hash is MurmurHash3 x86-32 of the id's UTF-8
 * bytes with a seed that is itself the hash of `salt + '\0' + campaignId`; u = h / 2³² is uniform
 * on [0, 1) and the arm is the first whose cumulative share exceeds u. The global holdout uses
 * a second seed derived from the salt alone, so the same subscribers are held out of every
 * campaign; they are removed before the arms are drawn.
 *
 * With `strata`, subscribers of each stratum are ordered by their hash (ties by id) and dealt to
 * the arms by systematic allocation (position j of m goes to the arm whose cumulative share first
 * exceeds (j + ½)/m), so every stratum is balanced to within one subscriber per arm. This is
 * stable only while the stratum's membership is unchanged; without strata each subscriber's arm
 * never depends on anyone else.
 *
 * @param subscriberIds - n ids (strings); duplicates get the same arm without strata and are a DataError with strata
 * @param options - `campaignId`, `arms`, `salt`, `holdout`, `strata`
 * @returns arm names, an arm index per subscriber and the counts per arm
 * @throws OptionsError for a missing campaignId, fewer than 2 or more than 1,000 arms, a share
 *   outside (0, 1) (a control share of 0 or 1), shares not summing to 1, a holdout outside
 *   [0, 0.5], an arm named `'holdout'`, or an unknown option
 * @throws DimensionError when `strata` is not aligned with the ids
 * @throws DataError for an id or stratum that is not a string, or a duplicate id with strata
 * @example
 * const a = assignArms(['S1', 'S2', 'S3'], { campaignId: 'spring-launch', arms: { control: 0.5, sms: 0.5 } });
 * a.armIndex.length // => 3
 * assignArms(['S1'], { campaignId: 'spring-launch', arms: { control: 0.5, sms: 0.5 } }).armIndex[0] === a.armIndex[0] // => true
 * @category Campaign
 */
export function assignArms(subscriberIds: readonly string[], options: AssignArmsOptions): ArmAssignment {
  const fn = 'assignArms';
  const { campaignId, arms, strata, salt, holdout } = parseAssignArmsOptions(options);
  const names = Object.keys(arms);
  if (names.length < 2 || names.length > MAX_ARMS) throw new OptionsError(`${fn}: needs 2 to ${MAX_ARMS} arms, got ${names.length}`, 'arms');
  const cum = new Float64Array(names.length);
  let total = 0;
  names.forEach((name, j) => {
    const s = arms[name];
    if (name === 'holdout') throw new OptionsError(`${fn}: 'holdout' is reserved for the global holdout; rename the arm`, 'arms');
    if (typeof s !== 'number' || !(s > 0 && s < 1)) throw new OptionsError(`${fn}: arm '${name}' has share ${String(s)}; each share must be in (0, 1)`, `arms.${name}`);
    total += s;
    cum[j] = total;
  });
  if (Math.abs(total - 1) > 1e-9) throw new OptionsError(`${fn}: arm shares sum to ${total}, expected 1`, 'arms');
  cum[names.length - 1] = 1;
  const n = subscriberIds.length;
  if (strata !== undefined && strata.length !== n) throw new DimensionError(`${fn}: ${strata.length} strata for ${n} subscriber ids`);

  const seed = murmur3(`${salt}\u0000${campaignId}`, 0);
  const holdoutSeed = murmur3(`${salt}\u0000holdout`, 0);
  const hIdx = names.length;
  const armNames = holdout > 0 ? [...names, 'holdout'] : [...names];
  const armIndex = new Uint16Array(n);
  const holdoutCut = holdout * TWO32;
  const counts1 = new Float64Array(armNames.length);
  if (strata === undefined) {
    // the hot path: one hash (two with a holdout) and a lookup per id, counts on the fly
    const last = names.length - 1;
    for (let i = 0; i < n; i++) {
      const id = subscriberIds[i];
      if (typeof id !== 'string') throw new DataError(`${fn}: subscriber id at index ${i} is ${String(id)}; expected a string`);
      let j: number;
      if (holdout > 0 && murmur3(id, holdoutSeed) < holdoutCut) j = hIdx;
      else {
        const u = murmur3(id, seed) / TWO32;
        j = 0;
        while (j < last && u >= cum[j]!) j++;
      }
      armIndex[i] = j;
      counts1[j]!++;
    }
  } else {
    const hashes = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const id = subscriberIds[i];
      if (typeof id !== 'string') throw new DataError(`${fn}: subscriber id at index ${i} is ${String(id)}; expected a string`);
      if (holdout > 0 && murmur3(id, holdoutSeed) < holdoutCut) {
        armIndex[i] = hIdx;
        hashes[i] = -1;
      } else hashes[i] = murmur3(id, seed);
    }
    stratify(fn, subscriberIds, strata, hashes, cum, armIndex);
    for (let i = 0; i < n; i++) counts1[armIndex[i]!]!++;
  }
  const counts: Record<string, number> = Object.fromEntries(armNames.map((a, j) => [a, counts1[j]!]));
  return {
    armNames,
    armIndex,
    counts,
    options: { campaignId, arms: Object.fromEntries(names.map((k) => [k, arms[k]!])), salt, holdout, stratified: strata !== undefined },
  };
}

function pick(cum: Float64Array, u: number): number {
  let j = 0;
  while (j < cum.length - 1 && u >= cum[j]!) j++;
  return j;
}

function stratify(fn: string, ids: readonly string[], strata: readonly string[], hashes: Float64Array, cum: Float64Array, out: Uint16Array): void {
  const groups = new Map<string, number[]>();
  const seen = new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    const s = strata[i];
    if (typeof s !== 'string') throw new DataError(`${fn}: stratum at index ${i} is ${String(s)}; expected a string`);
    if (seen.has(ids[i]!)) throw new DataError(`${fn}: subscriber id '${ids[i]}' appears twice; stratified assignment needs unique ids`);
    seen.add(ids[i]!);
    if (hashes[i]! < 0) continue; // held out
    let g = groups.get(s);
    if (!g) groups.set(s, (g = []));
    g.push(i);
  }
  for (const g of groups.values()) {
    g.sort((a, b) => hashes[a]! - hashes[b]! || (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
    const m = g.length;
    for (let j = 0; j < m; j++) out[g[j]!] = pick(cum, (j + 0.5) / m);
  }
}
