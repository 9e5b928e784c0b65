/**
 * A loader for IBM's public "Telco Customer Churn" sample (7,043 customers, 21 columns), mapped
 * onto telcokit's field names with {@link suggestColumnMapping}. No file I/O: pass the CSV text.
 *
 * @module
 */
import * as z from 'zod';
import type { ValidationIssue } from '../errors.js';
import { suggestColumnMapping, type ColumnMapping } from '../schema/columns.js';
import { SubscriberSchema } from '../schema/subscriber.js';
import { validateRecords } from '../schema/validate.js';
import { parseCsv } from './csv.js';

const yesNoService = /* @__PURE__ */ (() => z.enum(['yes', 'no', 'no phone service', 'no internet service']))();

/**
 * One customer of the IBM Telco Customer Churn data, in telcokit's naming: the subscriber fields
 * it shares with {@link SubscriberSchema} (`id`, `gender`, `tenureMonths`) plus its own.
 * @category Data
 */
export const IbmTelcoCustomerSchema = /* @__PURE__ */ (() => SubscriberSchema.pick({ id: true, gender: true })
  .extend({
    /** Months with the company. */
    tenureMonths: z.number().min(0),
    seniorCitizen: z.boolean(),
    partner: z.boolean(),
    dependents: z.boolean(),
    phoneService: z.boolean(),
    multipleLines: yesNoService,
    internetService: z.enum(['dsl', 'fiber optic', 'no']),
    onlineSecurity: yesNoService,
    onlineBackup: yesNoService,
    deviceProtection: yesNoService,
    techSupport: yesNoService,
    streamingTV: yesNoService,
    streamingMovies: yesNoService,
    contract: z.enum(['month-to-month', 'one year', 'two year']),
    paperlessBilling: z.boolean(),
    paymentMethod: z.string(),
    /** Monthly charge in US dollars. */
    monthlyCharges: z.number().min(0),
    /** Total charged to date in US dollars; missing (a blank) for the 11 customers with tenure 0. */
    totalCharges: z.number().min(0).optional(),
    /** Left within the last month. */
    churn: z.boolean(),
  }))();
/** An IBM Telco customer. @category Data */
export type IbmTelcoCustomer = z.infer<typeof IbmTelcoCustomerSchema>;

/** What {@link parseIbmTelcoChurn} returns. @category Data */
export interface IbmTelcoData {
  /** Valid customers, in file order. */
  customers: IbmTelcoCustomer[];
  /** Rows that failed validation, with row, field, reason and value. */
  errors: ValidationIssue[];
  /** Ids of customers whose `totalCharges` was blank (kept, with the field missing). */
  missingTotalCharges: string[];
  /** How the file's headers map onto {@link IbmTelcoCustomerSchema}. */
  mapping: ColumnMapping;
  /** How the file's headers map onto telcokit's core {@link SubscriberSchema}: what does not map. */
  subscriberMapping: ColumnMapping;
}

const ALIASES = { customerID: 'id', tenure: 'tenureMonths' } as const;
const LOWERCASE = ['gender', 'multipleLines', 'internetService', 'onlineSecurity', 'onlineBackup', 'deviceProtection', 'techSupport', 'streamingTV', 'streamingMovies', 'contract'];

/**
 * Parses and validates the IBM Telco Customer Churn CSV.
 *
 * @param text - the CSV file's content
 * @returns customers, errors, the blank-`TotalCharges` ids, and both header mappings
 * @example
 * const d = parseIbmTelcoChurn(await readFile('Telco-Customer-Churn.csv', 'utf8'));
 * d.customers.length // => 7043
 * d.missingTotalCharges.length // => 11
 * @category Data
 */
export function parseIbmTelcoChurn(text: string): IbmTelcoData {
  const table = parseCsv(text);
  const mapping = suggestColumnMapping(table.header, IbmTelcoCustomerSchema, { aliases: ALIASES });
  const subscriberMapping = suggestColumnMapping(table.header, SubscriberSchema, { aliases: ALIASES });
  const rows = table.records.map((r) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      const f = mapping.mapping[k] ?? k;
      o[f] = LOWERCASE.includes(f) ? v.toLowerCase() : v;
    }
    return o;
  });
  const v = validateRecords(IbmTelcoCustomerSchema, rows);
  const errors = [...table.problems, ...v.errors.map((e) => ({ ...e, row: table.rowNumbers[e.row] ?? e.row }))];
  const missingTotalCharges = v.valid.filter((c) => c.totalCharges === undefined).map((c) => c.id);
  return { customers: v.valid, errors, missingTotalCharges, mapping, subscriberMapping };
}
