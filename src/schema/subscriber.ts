import * as z from 'zod';
import { count, id, isoDate } from './fields.js';

/** A subscriber's device. @category Schema */
export const DeviceSchema = /* @__PURE__ */ (() => z.object({
  /** Manufacturer, e.g. `Huawei`. */
  brand: z.string().min(1),
  /** Model name, e.g. `Mate 60`. */
  model: z.string().min(1),
  /** Operating system. */
  os: z.enum(['android', 'ios', 'harmonyos', 'feature', 'other']),
  /** Retail price tier of the device. */
  priceTier: z.enum(['low', 'mid', 'high', 'premium']),
  /** Date the subscriber started using this device (`YYYY-MM-DD`). */
  acquisitionDate: isoDate(),
  /** Whether the device supports 5G. */
  supports5G: z.boolean().optional(),
}))();
/** A subscriber's device. @category Schema */
export type Device = z.infer<typeof DeviceSchema>;

/**
 * Subscriber master data: one record per subscriber (key `id`).
 * @category Schema
 */
export const SubscriberSchema = /* @__PURE__ */ (() => z.object({
  /** Subscriber id (pseudonymised in most deployments). */
  id: id(),
  /** Self-reported gender. */
  gender: z.enum(['female', 'male', 'other', 'unknown']).optional(),
  /** Year of birth, 1900–2030. Give this or `age`. */
  birthYear: z.int().min(1900).max(2030).optional(),
  /** Age in years, 0–120. */
  age: z.int().min(0).max(120).optional(),
  /** Region code (province / county), e.g. `GD`. */
  regionCode: z.string().min(1),
  /** City tier, 1 (largest cities) to 5. */
  cityTier: z.int().min(1).max(5),
  /** Customer type. */
  customerType: z.enum(['individual', 'family', 'business', 'government', 'vip']),
  /** Occupation (free text). */
  occupation: z.string().optional(),
  /** Employer (free text). */
  employer: z.string().optional(),
  /** Date the subscriber joined (`YYYY-MM-DD`). */
  joinDate: isoDate(),
  /** Tenure in months, when the export gives it instead of (or beside) `joinDate`. */
  tenureMonths: z.number().min(0).optional(),
  /** Tariff plan id. */
  planId: z.string().min(1),
  /** Plan group / family name, e.g. `unlimited-5g`. */
  planGroup: z.string().optional(),
  /** Payment plan. */
  paymentPlan: z.enum(['prepaid', 'postpaid']),
  /** Discount id, when one applies. */
  discountId: z.string().optional(),
  /** Credit score, 0–1000. */
  creditScore: z.number().min(0).max(1000).optional(),
  /** Account status. */
  status: z.enum(['active', 'suspended', 'closed']),
  /** Network technology of the subscriber's plan. */
  networkType: z.enum(['2G', '3G', '4G', '5G']),
  /** The subscriber's current device. */
  device: DeviceSchema.optional(),
  /** Number of secondary (family) cards attached to this account. */
  secondaryCards: count().optional(),
}))();
/** Subscriber master data. @category Schema */
export type Subscriber = z.infer<typeof SubscriberSchema>;
