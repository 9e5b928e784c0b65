/**
 * Loading real data as a user brings it: IBM's Telco Customer Churn CSV (../shared/data), mapped
 * onto telcokit's fields, with a report of what did not map and which rows need attention.
 *
 *   npx tsx examples/load-ibm-telco.ts [path/to/Telco-Customer-Churn.csv]
 */
import { readFile } from 'node:fs/promises';
import { formatIssue, parseIbmTelcoChurn } from 'telcokit';

const path = process.argv[2] ?? new URL('../../shared/data/ibm-telco-churn/Telco-Customer-Churn.csv', import.meta.url);
const d = parseIbmTelcoChurn(await readFile(path, 'utf8'));

console.log(`customers: ${d.customers.length} valid, ${d.errors.length} problems`);
for (const e of d.errors.slice(0, 10)) console.log(`  ${formatIssue(e)}`);
console.log(`churners: ${d.customers.filter((c) => c.churn).length}`);
console.log(`blank TotalCharges (kept, field missing; all tenure 0): ${d.missingTotalCharges.join(', ')}`);
console.log('\nonto telcokit SubscriberSchema:');
console.log(`  mapped:   ${Object.entries(d.subscriberMapping.mapping).map(([h, f]) => `${h} → ${f}`).join(', ')}`);
console.log(`  unmapped: ${d.subscriberMapping.unmapped.join(', ')}`);
console.log(`  required fields the file lacks: ${d.subscriberMapping.missingRequired.join(', ')}`);
