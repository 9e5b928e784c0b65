import * as z from 'zod';
import { id, nonNegative } from './fields.js';

/** Offer categories. @category Schema */
export const OFFER_CATEGORIES = ['plan', 'data_pack', 'broadband', 'device', 'vas', 'content'] as const;

/** An offer in the catalogue (key `id`). @category Schema */
export const OfferSchema = /* @__PURE__ */ (() => z.object({
  /** Offer id. */
  id: id(),
  /** Display name. */
  name: z.string().optional(),
  /** Category: plan, data pack, broadband, device, value-added service, content. */
  category: z.enum(OFFER_CATEGORIES),
  /** Price in the operator's currency unit (monthly for plans and packs). */
  price: nonNegative(),
  /** Free-form attributes (data allowance, speed, brand …) used by content models. */
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
}))();
/** An offer. @category Schema */
export type Offer = z.infer<typeof OfferSchema>;
/** An offer category. @category Schema */
export type OfferCategory = Offer['category'];
