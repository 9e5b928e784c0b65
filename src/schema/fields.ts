/** Field builders shared by the schemas: units and ranges stated once. */
import * as z from 'zod';

/** A non-negative finite number (minutes, MB, counts of money). */
export const nonNegative = () => z.number().min(0);
/** A non-negative integer (counts). */
export const count = () => z.int().min(0);
/** A calendar month `YYYY-MM` (months 01–12). */
export const month = () => z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM (01–12)');
/** A calendar date `YYYY-MM-DD` that exists. */
export const isoDate = () => z.iso.date({ error: 'expected an existing date as YYYY-MM-DD' });
/** An ISO-8601 instant with a time zone offset or `Z`. */
export const timestamp = () => z.iso.datetime({ offset: true, error: 'expected an ISO-8601 instant such as 2024-05-01T12:30:00Z' });
/** A non-empty identifier. */
export const id = () => z.string().min(1, 'expected a non-empty id');
