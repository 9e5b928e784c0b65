/**
 * Fixed catalogues of the synthetic operator: regions, devices, plan fees, occupations and the
 * offer templates. Plain data read by the generator and described in docs/synthetic-operator.md.
 */
import { OFFER_TRAITS } from './personas.js';

/** Regions (province codes) with their centre (degrees) and share of subscribers. */
export const REGIONS: readonly { code: string; lat: number; lon: number; weight: number }[] = [
  { code: 'GD', lat: 23.13, lon: 113.26, weight: 12 },
  { code: 'JS', lat: 32.06, lon: 118.8, weight: 9 },
  { code: 'SD', lat: 36.67, lon: 117.0, weight: 8 },
  { code: 'ZJ', lat: 30.27, lon: 120.15, weight: 8 },
  { code: 'HA', lat: 34.76, lon: 113.65, weight: 8 },
  { code: 'SC', lat: 30.66, lon: 104.07, weight: 7 },
  { code: 'HE', lat: 38.04, lon: 114.51, weight: 6 },
  { code: 'HB', lat: 30.59, lon: 114.31, weight: 5 },
  { code: 'HN', lat: 28.23, lon: 112.94, weight: 5 },
  { code: 'BJ', lat: 39.9, lon: 116.4, weight: 5 },
  { code: 'SH', lat: 31.23, lon: 121.47, weight: 5 },
  { code: 'AH', lat: 31.82, lon: 117.23, weight: 5 },
  { code: 'FJ', lat: 26.08, lon: 119.3, weight: 4 },
  { code: 'GX', lat: 22.82, lon: 108.37, weight: 4 },
  { code: 'YN', lat: 25.04, lon: 102.71, weight: 4 },
  { code: 'SN', lat: 34.34, lon: 108.94, weight: 4 },
  { code: 'LN', lat: 41.8, lon: 123.43, weight: 3 },
];

export const CUSTOMER_TYPES = ['individual', 'family', 'business', 'government', 'vip'] as const;
export const NETWORKS = ['2G', '3G', '4G', '5G'] as const;
export const OSES = ['android', 'ios', 'harmonyos', 'feature', 'other'] as const;
export const PRICE_TIERS = ['low', 'mid', 'high', 'premium'] as const;

/** Device brands and model names by OS, each brand's models by price tier (low, mid, high, premium). */
export const DEVICES: Readonly<Record<(typeof OSES)[number], readonly { brand: string; models: readonly [string, string, string, string] }[]>> = {
  android: [
    { brand: 'Xiaomi', models: ['Redmi 13C', 'Redmi Note 13', 'Xiaomi 14', 'Xiaomi 14 Ultra'] },
    { brand: 'OPPO', models: ['A58', 'Reno 11', 'Find X7', 'Find N3'] },
    { brand: 'vivo', models: ['Y36', 'S18', 'X100', 'X Fold3'] },
    { brand: 'Honor', models: ['Play 50', 'X50', 'Magic6', 'Magic V2'] },
    { brand: 'Samsung', models: ['Galaxy A15', 'Galaxy A55', 'Galaxy S24', 'Galaxy Z Fold5'] },
  ],
  ios: [{ brand: 'Apple', models: ['iPhone SE', 'iPhone 13', 'iPhone 15', 'iPhone 15 Pro Max'] }],
  harmonyos: [{ brand: 'Huawei', models: ['Enjoy 60', 'nova 12', 'Mate 60', 'Mate X5'] }],
  feature: [
    { brand: 'Nokia', models: ['105', '110', '150', '220'] },
    { brand: 'Generic', models: ['K1', 'K2', 'K3', 'K5'] },
  ],
  other: [{ brand: 'Other', models: ['Tablet SIM', 'Router SIM', 'Watch SIM', 'Car SIM'] }],
};

/** Monthly plan fees: the plan fee is the largest tier ≤ 0.8 × the subscriber's bill level. */
export const POSTPAID_FEES = [18, 28, 38, 58, 88, 128, 158, 198, 238, 298, 398, 588] as const;
export const PREPAID_FEES = [8, 18, 28, 38, 58, 88, 128] as const;

/** Discount ids and their rates: `C12`/`C24` are contract deals, `D05`–`D20` loyalty discounts. */
export const DISCOUNTS: Readonly<Record<string, number>> = { C12: 0.1, C24: 0.15, D05: 0.05, D10: 0.1, D15: 0.15, D20: 0.2 };

/** Occupations by persona (same order as PERSONAS). */
export const OCCUPATIONS: readonly (readonly string[])[] = [
  ['retired', 'farmer', 'worker', 'teacher'],
  ['student', 'office worker', 'service worker', 'freelancer'],
  ['farmer', 'worker', 'migrant worker', 'retired'],
  ['civil servant', 'teacher', 'office worker', 'retired'],
  ['manager', 'sales', 'engineer', 'entrepreneur'],
  ['office worker', 'teacher', 'engineer', 'homemaker'],
  ['student', 'service worker', 'freelancer', 'designer'],
  ['sales', 'consultant', 'engineer', 'manager'],
];

/** Offer categories in schema order, and how many of every 20 offers fall in each. */
export const OFFER_CATEGORY_CYCLE = [
  'plan', 'data_pack', 'device', 'content', 'vas', 'plan', 'data_pack', 'broadband', 'plan', 'data_pack',
  'device', 'content', 'vas', 'plan', 'data_pack', 'broadband', 'content', 'device', 'data_pack', 'plan',
] as const;

export const CONTENT_GENRES = ['video', 'music', 'games', 'news'] as const;
export const CONTENT_PROVIDERS = ['iQIYI', 'Tencent Video', 'Youku', 'NetEase Music', 'QQ Music', 'Migu', 'Tencent Games'] as const;
export const VAS_SERVICES = ['ringback', 'cloud_storage', 'security', 'caller_id', 'international_calls', 'conference'] as const;

/** Number of offer traits (length of each offer's trait vector). */
export const N_TRAITS = OFFER_TRAITS.length;
