/**
 * The default tag catalogue shipped with telcokit: the field's standard tags over the profile
 * fields produced by `subscriberFeatures` / `buildProfiles`, plus `networkType` from the
 * subscriber record and `churnProbability` from a churn model.
 *
 * @module
 */
import type { TagCatalogue } from './catalogue.js';

/** One profile field the default catalogue reads. @category Tags */
export interface TagFieldInfo {
  /** `'number'` (NaN or null = missing), `'string'`, or `'boolean'` (0/1 accepted). */
  readonly type: 'number' | 'string' | 'boolean';
  /** Unit or range, e.g. `'currency / month'`, `'0..1'`. */
  readonly unit: string;
  /** What it is and where it comes from. */
  readonly description: string;
}

/**
 * The profile fields {@link defaultTagCatalogue} reads, with their types, units and sources.
 * Profiles passed to `applyTagCatalogue` with the default catalogue need every one of these fields
 * (missing values are allowed: they make a condition false).
 * @category Tags
 */
export const DEFAULT_TAG_FIELDS = {
  monthlyBill: { type: 'number', unit: 'currency / month', description: 'billed amount of the latest month (subscriberFeatures)' },
  dataMB: { type: 'number', unit: 'MB / month', description: 'mobile data of the latest month (subscriberFeatures)' },
  nightDataShare: { type: 'number', unit: '0..1', description: 'night data (22:00–06:00) / all data over the window (subscriberFeatures)' },
  awayWeekdayCallShare: { type: 'number', unit: '0..1', description: 'weekday calls made away from the home region / calls made (subscriberFeatures)' },
  appShare_travel: { type: 'number', unit: '0..1', description: "travel apps' share of app-categorised data (subscriberFeatures)" },
  secondaryCards: { type: 'number', unit: 'count', description: 'number of secondary (family) cards on the account (Subscriber)' },
  deviceAgeMonths: { type: 'number', unit: 'months', description: 'months since the current device was acquired (subscriberFeatures)' },
  deviceIs5G: { type: 'boolean', unit: '0/1', description: 'the current device supports 5G (subscriberFeatures)' },
  networkType: { type: 'string', unit: "'2G' | '3G' | '4G' | '5G'", description: 'network type of the plan (Subscriber record; join it to the feature profiles)' },
  cityTier: { type: 'number', unit: '1..5', description: 'city tier of the home city, 1 = tier-1 (Subscriber)' },
  churnProbability: { type: 'number', unit: '0..1', description: 'predicted churn probability (predictChurn output, joined by id)' },
} as const satisfies Record<string, TagFieldInfo>;

/** Churn probability at or above which `churn_risk` holds in the default catalogue. */
const CHURN_RISK_THRESHOLD = 0.5;

/**
 * The default tag catalogue (plain data; copy and edit it to tune thresholds). Tree:
 *
 * - `consumption_power` › `high_consumption` (monthlyBill > 100), `heavy_data` (dataMB in the top
 *   10 % of the evaluated population), `tier1_city` (cityTier = 1)
 * - `interest` › `night_entertainment` (nightDataShare ≥ 0.4 and dataMB ≥ 1024),
 *   `travel` › `travel_enthusiast` (appShare_travel ≥ 0.15), `business_traveller`
 *   (awayWeekdayCallShare ≥ 0.3)
 * - `lifecycle` › `family_user` (secondaryCards > 1), `device` › `upgrade_5g_candidate` (on a 4G
 *   plan with a 5G device or top-10 % data use), `device_change_recent` (deviceAgeMonths < 3),
 *   `churn_risk` (churnProbability ≥ 0.5)
 *
 * Fields: {@link DEFAULT_TAG_FIELDS}.
 * @example
 * defaultTagCatalogue.tags.find((t) => t.id === 'high_consumption')?.rule
 * // => { field: 'monthlyBill', op: '>', value: 100 }
 * @category Tags
 */
export const defaultTagCatalogue: TagCatalogue = {
  version: 1,
  tags: [
    { id: 'consumption_power', label: 'Consumption power', level: 1 },
    {
      id: 'high_consumption',
      label: 'High consumption',
      level: 2,
      parent: 'consumption_power',
      rule: { field: 'monthlyBill', op: '>', value: 100 },
      description: 'Monthly bill above 100.',
    },
    {
      id: 'heavy_data',
      label: 'Heavy data user',
      level: 2,
      parent: 'consumption_power',
      rule: { field: 'dataMB', op: '>=', quantile: 0.9 },
      description: 'Monthly data use in the top 10 % of the evaluated subscribers.',
    },
    {
      id: 'tier1_city',
      label: 'Tier-1 city resident',
      level: 2,
      parent: 'consumption_power',
      rule: { field: 'cityTier', op: '==', value: 1 },
      description: 'Home city is a tier-1 city.',
    },
    { id: 'interest', label: 'Interest', level: 1 },
    {
      id: 'night_entertainment',
      label: 'Night-time entertainment',
      level: 2,
      parent: 'interest',
      rule: { all: [{ field: 'nightDataShare', op: '>=', value: 0.4 }, { field: 'dataMB', op: '>=', value: 1024 }] },
      description: 'At least 40 % of data at night (22:00–06:00) and at least 1 GB a month.',
    },
    { id: 'travel', label: 'Travel', level: 2, parent: 'interest' },
    {
      id: 'travel_enthusiast',
      label: 'Travel enthusiast',
      level: 3,
      parent: 'travel',
      rule: { field: 'appShare_travel', op: '>=', value: 0.15 },
      description: 'Travel apps take at least 15 % of app data.',
    },
    {
      id: 'business_traveller',
      label: 'Business traveller',
      level: 3,
      parent: 'travel',
      rule: { field: 'awayWeekdayCallShare', op: '>=', value: 0.3 },
      description: 'At least 30 % of calls made on weekdays away from the home region.',
    },
    { id: 'lifecycle', label: 'Lifecycle', level: 1 },
    {
      id: 'family_user',
      label: 'Family user',
      level: 2,
      parent: 'lifecycle',
      rule: { field: 'secondaryCards', op: '>', value: 1 },
      description: 'More than one secondary card on the account.',
    },
    { id: 'device', label: 'Device', level: 2, parent: 'lifecycle' },
    {
      id: 'upgrade_5g_candidate',
      label: '5G upgrade candidate',
      level: 3,
      parent: 'device',
      rule: {
        all: [
          { field: 'networkType', op: '==', value: '4G' },
          { any: [{ field: 'deviceIs5G', op: '==', value: true }, { field: 'dataMB', op: '>=', quantile: 0.9 }] },
        ],
      },
      description: 'On a 4G plan with a 5G device, or with data use in the top 10 %.',
    },
    {
      id: 'device_change_recent',
      label: 'Device changed in the last 3 months',
      level: 3,
      parent: 'device',
      rule: { field: 'deviceAgeMonths', op: '<', value: 3 },
      description: 'Current device acquired less than 3 months ago.',
    },
    {
      id: 'churn_risk',
      label: 'Churn risk',
      level: 2,
      parent: 'lifecycle',
      rule: { field: 'churnProbability', op: '>=', value: CHURN_RISK_THRESHOLD },
      description: 'Predicted churn probability of at least 0.5 (needs a churn model).',
    },
  ],
};
