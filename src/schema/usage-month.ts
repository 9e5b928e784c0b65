import * as z from 'zod';
import { count, id, month, nonNegative } from './fields.js';

/** Data MB per app category, flattened onto {@link UsageMonthSchema}. @category Schema */
export const APP_CATEGORIES = ['video', 'social', 'games', 'travel', 'shopping', 'news', 'music', 'other'] as const;
/** An app category. @category Schema */
export type AppCategory = (typeof APP_CATEGORIES)[number];

/**
 * One subscriber's usage and billing for one month (key `subscriberId` + `month`): the fields of
 * an operator's monthly billing record. Minutes are voice minutes, MB are megabytes of mobile
 * data, money is in the operator's currency unit.
 * @category Schema
 */
export const UsageMonthSchema = /* @__PURE__ */ (() => z
  .object({
    /** Subscriber id. */
    subscriberId: id(),
    /** Billing month, `YYYY-MM`. */
    month: month(),
    /** Local voice minutes. */
    localVoiceMinutes: nonNegative(),
    /** Long-distance voice minutes. */
    longDistanceVoiceMinutes: nonNegative(),
    /** Roaming voice minutes. */
    roamingVoiceMinutes: nonNegative(),
    /** Outgoing calls. */
    callsOut: count(),
    /** Incoming calls. */
    callsIn: count(),
    /** Distinct people called or calling. */
    distinctContacts: count().optional(),
    /** SMS sent. */
    smsCount: count(),
    /** Mobile data, MB. */
    dataMB: nonNegative(),
    /** Mobile data between 22:00 and 06:00, MB (≤ `dataMB`). */
    nightDataMB: nonNegative(),
    /** WAP data, MB. */
    wapMB: nonNegative().optional(),
    /** Value-added services in use. */
    vasCount: count().optional(),
    /** Monthly plan fee. */
    monthlyFee: nonNegative(),
    /** Local call charges. */
    localCallFee: nonNegative().optional(),
    /** Long-distance call charges. */
    longDistanceFee: nonNegative().optional(),
    /** Basic communication charges. */
    basicCommFee: nonNegative().optional(),
    /** SMS charges. */
    smsFee: nonNegative().optional(),
    /** Value-added service charges. */
    vasFee: nonNegative().optional(),
    /** Charges for newly ordered business. */
    newBusinessFee: nonNegative().optional(),
    /** Other charges. */
    otherFee: nonNegative().optional(),
    /** Total billed amount for the month (the "monthly bill"). */
    billedAmount: nonNegative(),
    /** Revenue actually collected (after discounts and write-offs). */
    actualRevenue: z.number().optional(),
    /** Top-ups (recharges) made. */
    topUpCount: count().optional(),
    /** Total top-up amount. */
    topUpAmount: nonNegative().optional(),
    /** Complaints filed. */
    complaints: count().optional(),
    /** Calls to customer service. */
    serviceCalls: count().optional(),
    /** Weekday calls made away from the home region. */
    awayWeekdayCalls: count().optional(),
    /** Video apps, MB. */
    appVideoMB: nonNegative().optional(),
    /** Social apps, MB. */
    appSocialMB: nonNegative().optional(),
    /** Games, MB. */
    appGamesMB: nonNegative().optional(),
    /** Travel apps, MB. */
    appTravelMB: nonNegative().optional(),
    /** Shopping apps, MB. */
    appShoppingMB: nonNegative().optional(),
    /** News apps, MB. */
    appNewsMB: nonNegative().optional(),
    /** Music apps, MB. */
    appMusicMB: nonNegative().optional(),
    /** Other apps, MB. */
    appOtherMB: nonNegative().optional(),
  })
  .refine((u) => u.nightDataMB <= u.dataMB, {
    message: 'nightDataMB exceeds dataMB (night data is part of all data)',
    path: ['nightDataMB'],
    // only meaningful once both fields are valid numbers
    when: (payload) => payload.issues.length === 0,
  }))();
/** One subscriber-month of usage and billing. @category Schema */
export type UsageMonth = z.infer<typeof UsageMonthSchema>;

/** The app-category field of {@link UsageMonth} for each category. @category Schema */
export const APP_FIELDS: Readonly<Record<AppCategory, keyof UsageMonth>> = {
  video: 'appVideoMB',
  social: 'appSocialMB',
  games: 'appGamesMB',
  travel: 'appTravelMB',
  shopping: 'appShoppingMB',
  news: 'appNewsMB',
  music: 'appMusicMB',
  other: 'appOtherMB',
};
