import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseIbmTelcoChurn } from 'telcokit';

const text = readFileSync(new URL('../../../shared/data/ibm-telco-churn/Telco-Customer-Churn.csv', import.meta.url), 'utf8');

describe('parseIbmTelcoChurn (IBM Telco Customer Churn, ../shared/data)', () => {
  const d = parseIbmTelcoChurn(text);
  test('every one of the 7,043 customers validates; 1,869 churners (README figures)', () => {
    expect(d.errors).toEqual([]);
    expect(d.customers).toHaveLength(7043);
    expect(d.customers.filter((c) => c.churn)).toHaveLength(1869);
  });
  test('the 11 blank TotalCharges are reported, all with tenure 0, not dropped', () => {
    expect(d.missingTotalCharges).toHaveLength(11);
    const byId = new Map(d.customers.map((c) => [c.id, c]));
    expect(d.missingTotalCharges.every((id) => byId.get(id)!.tenureMonths === 0)).toBe(true);
  });
  test('maps every header onto the IBM schema and says what does not map onto SubscriberSchema', () => {
    expect(d.mapping.unmapped).toEqual([]);
    expect(d.subscriberMapping.mapping).toEqual({ customerID: 'id', gender: 'gender', tenure: 'tenureMonths' });
    expect(d.subscriberMapping.unmapped).toContain('MonthlyCharges');
    expect(d.subscriberMapping.missingRequired).toEqual(['regionCode', 'cityTier', 'customerType', 'joinDate', 'planId', 'paymentPlan', 'status', 'networkType']);
  });
  test('values are typed: first customer', () => {
    expect(d.customers[0]).toMatchObject({ id: '7590-VHVEG', gender: 'female', seniorCitizen: false, partner: true, tenureMonths: 1, internetService: 'dsl', contract: 'month-to-month', monthlyCharges: 29.85, totalCharges: 29.85, churn: false });
  });
});
