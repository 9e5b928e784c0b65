import * as z from 'zod';
import { id, timestamp } from './fields.js';

/** Where a subscriber was seen: coordinates (WGS-84 degrees) or a cell id. @category Schema */
export const LocationPingSchema = /* @__PURE__ */ (() => z
  .object({
    /** Subscriber id. */
    subscriberId: id(),
    /** When, ISO-8601 with offset. */
    timestamp: timestamp(),
    /** Latitude, degrees, −90..90. */
    latitude: z.number().min(-90).max(90).optional(),
    /** Longitude, degrees, −180..180. */
    longitude: z.number().min(-180).max(180).optional(),
    /** Serving cell id, when coordinates are not known. */
    cellId: z.string().min(1).optional(),
  })
  .refine((p) => (p.latitude !== undefined && p.longitude !== undefined) || p.cellId !== undefined, {
    message: 'a ping needs latitude and longitude, or a cellId',
    path: ['latitude'],
    when: (payload) => payload.issues.length === 0,
  }))();
/** A location ping. @category Schema */
export type LocationPing = z.infer<typeof LocationPingSchema>;
