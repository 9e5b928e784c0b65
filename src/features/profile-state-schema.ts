/** The zod schema of {@link ProfileState}, so `parseModel` can load a saved decayed profile. */
import * as z from 'zod';
import { UsageMonthSchema } from '../schema/usage-month.js';
import { Invariants } from '../internal/model.js';

/** The monthly fields that decayed aggregates track (`voiceMinutes` = local + long distance + roaming). @category Features */
export const DECAY_FIELDS = [
  'localVoiceMinutes',
  'longDistanceVoiceMinutes',
  'roamingVoiceMinutes',
  'voiceMinutes',
  'callsOut',
  'callsIn',
  'distinctContacts',
  'smsCount',
  'dataMB',
  'nightDataMB',
  'wapMB',
  'vasCount',
  'monthlyFee',
  'localCallFee',
  'longDistanceFee',
  'basicCommFee',
  'smsFee',
  'vasFee',
  'newBusinessFee',
  'otherFee',
  'billedAmount',
  'actualRevenue',
  'topUpCount',
  'topUpAmount',
  'complaints',
  'serviceCalls',
  'awayWeekdayCalls',
  'appVideoMB',
  'appSocialMB',
  'appGamesMB',
  'appTravelMB',
  'appShoppingMB',
  'appNewsMB',
  'appMusicMB',
  'appOtherMB',
] as const;
/** A field tracked by the decayed aggregates. @category Features */
export type DecayField = (typeof DECAY_FIELDS)[number];

/** Resolved options of a profile state; `createProfileState` checks its options with it too. */
export const ProfileOptionsSchema = /* @__PURE__ */ (() => z.strictObject({ halfLifeMonths: z.number().positive().finite() }))();

const month = /* @__PURE__ */ (() => z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/))();
const perField = /* @__PURE__ */ (() => z.record(z.enum(DECAY_FIELDS), z.number()))();

/** Schema of a saved {@link ProfileState}. @category Features */
export const ProfileStateSchema = /* @__PURE__ */ (() => z.object({
  kind: z.literal('features/profile-state'),
  version: z.number().int().positive(),
  options: ProfileOptionsSchema,
  subscriberId: z.string().min(1),
  asOf: month,
  lastMonth: month.nullable(),
  months: z.int().min(0),
  weight: z.number().min(0),
  sums: perField,
  weights: perField,
  last: UsageMonthSchema.nullable(),
}).superRefine((s, ctx) => {
  const inv = new Invariants(ctx);
  if (!inv.finite(['weight'], [s.weight])) return;
  for (const f of DECAY_FIELDS) {
    if (!inv.finite(['sums', f], [s.sums[f]]) || !inv.finite(['weights', f], [s.weights[f]])) return;
    if (s.weights[f] < 0) return void inv.fail(['weights', f], 'must be ≥ 0');
  }
  if (s.lastMonth !== null && s.lastMonth > s.asOf) inv.fail(['lastMonth'], `is after asOf (${s.asOf})`);
}))();
