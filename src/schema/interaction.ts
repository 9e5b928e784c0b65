import * as z from 'zod';
import { id, timestamp } from './fields.js';

/** What a subscriber did with an offer. @category Schema */
export const INTERACTION_KINDS = ['impression', 'click', 'accept', 'decline'] as const;
/** Channels offers are shown through. @category Schema */
export const CHANNELS = ['sms', 'app_push', 'call_centre', 'store', 'web'] as const;

/** One subscriber–offer event. @category Schema */
export const InteractionSchema = /* @__PURE__ */ (() => z.object({
  /** Subscriber id. */
  subscriberId: id(),
  /** Offer id. */
  offerId: id(),
  /** When, ISO-8601 with offset. */
  timestamp: timestamp(),
  /** impression, click, accept or decline. */
  kind: z.enum(INTERACTION_KINDS),
  /** Channel the offer reached the subscriber through. */
  channel: z.enum(CHANNELS).optional(),
  /** Campaign id. */
  campaignId: z.string().optional(),
  /** Strength of the signal (≥ 0), e.g. number of purchases; default 1. */
  weight: z.number().min(0).optional(),
}))();
/** A subscriber–offer interaction. @category Schema */
export type Interaction = z.infer<typeof InteractionSchema>;
