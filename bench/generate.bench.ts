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

/** Generates once; returns counts, seconds, seconds per stage and the peak RSS (the operator is dropped on return). */
function generateOnce(opts: GenerateOperatorOptions) {
  const stages: Record<string, number> = {};
  let stage = '';
  let t0 = performance.now();
  const onProgress = (p: { stage: string }) => {
    if (p.stage === stage) return;
    const now = performance.now();
    if (stage) stages[stage] = (now - t0) / 1000;
    stage = p.stage;
    t0 = now;
  };
  const { result: op, seconds } = time(() => generateOperator({ ...opts, onProgress }));
  stages[stage] = (performance.now() - t0) / 1000;
  gc?.();
  const heapMB = process.memoryUsage().heapUsed / 2 ** 20;
  return {
    heapMB,
    seconds,
    stages,
    rss: peakRssMB(),
    subscribers: op.subscribers.length,
    usage: op.usage.length,
    callEdges: op.callEdges.length,
    pings: op.pings.length,
    interactions: op.interactions.length,
  };
}

function run(label: string, opts: GenerateOperatorOptions): void {
  gc?.();
  const r = generateOnce(opts);
  const records = r.subscribers + r.usage + r.callEdges + r.pings + r.interactions;
  gc?.();
  const floor = time(() => allocationFloor(r.usage).length).seconds;
  const perStage = Object.entries(r.stages)
    .map(([k, v]) => `${k} ${fmt(v, 2)}`)
    .join(', ');
  console.log(
    `${label}: ${fmt(r.seconds)} s, ${fmt(records / r.seconds)} records/s (${fmt(r.usage / r.seconds)} usage rows/s), peak RSS ${fmt(r.rss)} MB, live heap ${gc ? fmt(r.heapMB) : '?'} MB; ` +
      `${fmt(r.seconds / floor)}× the floor of allocating ${fmt(r.usage)} constant UsageMonth objects (${fmt(floor)} s)\n` +
      `    ${fmt(r.subscribers)} subscribers, ${fmt(r.usage)} usage, ${fmt(r.callEdges)} call edges, ${fmt(r.pings)} pings, ${fmt(r.interactions)} interactions\n` +
      `    seconds by stage: ${perStage}`,
  );
}

run(`generateOperator ${fmt(scaled(100_000))} × 6 months (all parts)`, { subscribers: scaled(100_000), months: 6 });
run(`generateOperator ${fmt(scaled(1_000_000))} × 6 months (callEdges off, 1 ping/subscriber)`, {
  subscribers: scaled(1_000_000),
  months: 6,
  callEdges: false,
  pingsPerSubscriber: 1,
});
