/** The zod schema of {@link ProfileState}, so `parseModel` can load a saved decayed profile. */
import * as z from 'zod';
import { UsageMonthSchema } from '../schema/usage-month.js';
import { DECAY_FIELDS, type ProfileState } from './profile-decay.js';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const perField = z.record(z.enum(DECAY_FIELDS), z.number());

/** Schema of a saved {@link ProfileState}. @category Features */
export const ProfileStateSchema = z.object({
  kind: z.literal('features/profile-state'),
  version: z.literal(1),
  subscriberId: z.string().min(1),
  halfLifeMonths: z.number().positive(),
  asOf: month,
  lastMonth: month.nullable(),
  months: z.int().min(0),
  weight: z.number().min(0),
  sums: perField,
  weights: perField,
  last: UsageMonthSchema.nullable(),
}) satisfies z.ZodType<ProfileState>;
