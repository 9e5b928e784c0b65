/**
 * generateOperator at 100k and 1M subscribers × 6 months: wall time, records/s and peak RSS,
 * against the floor of allocating the same number of UsageMonth-shaped objects with constant
 * values (same run). The 1M run leaves call edges off and draws one ping per subscriber.
 *
 * Run: flock /tmp/telcokit-bench.lock node --expose-gc --max-old-space-size=16384 --import tsx bench/generate.bench.ts
 * (or `npm run bench -- generate`, which passes the same flags). BENCH_SCALE shrinks both sizes.
 */
import { generateOperator, type GenerateOperatorOptions, type UsageMonth } from '../src/index.js';
import { fmt, peakRssMB, scaled, time } from './util.js';

const gc = (globalThis as { gc?: () => void }).gc;

/** The allocation floor: `rows` UsageMonth objects with the generator's shape and constant values. */
function allocationFloor(rows: number): UsageMonth[] {
  const out: UsageMonth[] = [];
  for (let k = 0; k < rows; k++) {
    out.push({
      subscriberId: 'S0000001', month: '2024-01', localVoiceMinutes: k & 255, longDistanceVoiceMinutes: 3, roamingVoiceMinutes: 0,
      callsOut: 10, callsIn: 9, distinctContacts: 7, smsCount: 4, dataMB: k & 4095, nightDataMB: 100, wapMB: 5, vasCount: 1,
      monthlyFee: 58, localCallFee: 1.25, longDistanceFee: 0.5, basicCommFee: 3.75, smsFee: 0.12, vasFee: 6.5, newBusinessFee: 0,
      otherFee: 0.33, billedAmount: 68.7 + (k & 7), actualRevenue: 61.83, topUpCount: 0, topUpAmount: 0, complaints: 0, serviceCalls: 0,
      awayWeekdayCalls: 1, appVideoMB: 900, appSocialMB: 700, appGamesMB: 50, appTravelMB: 20, appShoppingMB: 80, appNewsMB: 60,
      appMusicMB: 40, appOtherMB: 150,
    });
  }
  return out;
}

function run(label: string, opts: GenerateOperatorOptions): void {
  gc?.();
  const { result: op, seconds } = time(() => generateOperator(opts));
  const rss = peakRssMB();
  const records = op.subscribers.length + op.usage.length + op.callEdges.length + op.pings.length + op.interactions.length;
  const usageRows = op.usage.length;
  const counts = `${fmt(op.subscribers.length)} subscribers, ${fmt(usageRows)} usage, ${fmt(op.callEdges.length)} call edges, ${fmt(op.pings.length)} pings, ${fmt(op.interactions.length)} interactions`;
  // drop the operator before the floor so the floor's time is not inflated by a full heap
  const floorRows = usageRows;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  let keep: unknown = op;
  keep = null;
  gc?.();
  const floor = time(() => allocationFloor(floorRows).length).seconds;
  console.log(
    `${label}: ${fmt(seconds)} s, ${fmt(records / seconds)} records/s (${fmt(usageRows / seconds)} usage rows/s), peak RSS ${fmt(rss)} MB; ` +
      `${fmt(seconds / floor)}× the floor of allocating ${fmt(floorRows)} constant UsageMonth objects (${fmt(floor)} s)\n    ${counts}`,
  );
}

run(`generateOperator ${fmt(scaled(100_000))} × 6 months (all parts)`, { subscribers: scaled(100_000), months: 6 });
run(`generateOperator ${fmt(scaled(1_000_000))} × 6 months (callEdges off, 1 ping/subscriber)`, {
  subscribers: scaled(1_000_000),
  months: 6,
  callEdges: false,
  pingsPerSubscriber: 1,
});
