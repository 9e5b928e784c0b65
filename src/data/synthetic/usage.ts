/**
 * Step 4 of {@link generateOperator}: monthly usage and billing records, from each subscriber's
 * persona levels, decline in intent and bill shocks.
 * @module
 */
import { exp } from '../../internal/math.js';
import type { Rng } from '../../internal/rng.js';
import type { UsageMonth } from '../../schema/usage-month.js';
import { CHUNK, PERSONAS, round2, type GenContext } from './context.js';
import type { PersonaSpec } from './personas.js';
import { sampleBeta, sampleGamma, sampleLogNormal, sampleNormal, samplePoisson } from './samplers.js';
import type { SubscriberPart } from './subscribers.js';
import type { CallGraphPart } from './call-graph.js';
import { declineFactor, type ChurnPart } from './churn.js';

/** Draws the usage months of every subscriber until churn, from `rUsage`. */
export function generateUsage(ctx: GenContext, sub: SubscriberPart, graph: CallGraphPart, churn: ChurnPart, rUsage: Rng): UsageMonth[] {
  const { n, M, step, monthNames } = ctx;
  const { persona, ids } = sub;
  const { churnMonth, intentMonth, declineRate, shock, exogComplaints } = churn;
  const usage: UsageMonth[] = [];
  const sh = new Float64Array(8);
  for (let i = 0; i < n; i++) {
    if ((i & (CHUNK - 1)) === 0) step('usage', i, n);
    const r = rUsage;
    const p = persona[i]!;
    const P = PERSONAS[p]!;
    const sid = ids[i]!;
    const cm = churnMonth[i]!;
    const last = cm >= 0 && cm < M ? cm : M;
    const si = intentMonth[i]!;
    const rr = declineRate[i]!;
    const L = drawLevels(r, P, i, sub, graph, sh);
    for (let t = 0; t < last; t++) {
      const dec = declineFactor(si, rr, t);
      const leaving = si <= t;
      const isShock = shock[i * M + t] === 1;
      usage.push(usageMonth(r, P, L, sh, sid, t, monthNames[t]!, dec, leaving, isShock, exogComplaints[i * M + t]!));
    }
  }
  step('usage', n, n);
  return usage;
}

const NET_DATA = [0.05, 0.3, 1, 1.35];

type Levels = ReturnType<typeof drawLevels>;

/** One subscriber's usage levels and app shares (into `sh`), drawn once before the months, in the generator's fixed draw order. */
function drawLevels(r: Rng, P: PersonaSpec, i: number, sub: SubscriberPart, graph: CallGraphPart, sh: Float64Array) {
  const { network, featurePhone, billLevel, planFee, prepaid, discountRate } = sub;
  const { outStart } = graph;
  const dataLevel = sampleLogNormal(r, P.dataMB[0], P.dataMB[1]) * NET_DATA[network[i]!]! * (featurePhone[i] ? 0.1 : 1);
  const nightS = sampleBeta(r, P.nightShare[0], P.nightShare[1]);
  let shSum = 0;
  for (let a = 0; a < 8; a++) shSum += sh[a] = sampleGamma(r, P.apps[a]! * 30);
  for (let a = 0; a < 8; a++) sh[a] = sh[a]! / shSum;
  const wapS = 0.01 + 0.03 * r.next();
  const voiceLevel = sampleLogNormal(r, P.voiceMinutes[0], P.voiceMinutes[1]);
  const ldS = sampleBeta(r, P.longDistanceShare, 20);
  const roamS = sampleBeta(r, P.roamingShare, 20);
  const smsLevel = (P.sms * sampleGamma(r, 2)) / 2;
  const awayS = sampleBeta(r, Math.max(P.awayShare, 0.01), 10);
  const vasN = samplePoisson(r, P.vas);
  const vasUnit = 3 + 7 * r.next();
  const callLen = sampleLogNormal(r, 2.8, 0.3);
  const contactsL = 2 + 1.6 * (outStart[i + 1]! - outStart[i]!);
  const bill = billLevel[i]!;
  const fee = planFee[i]!;
  const isPre = prepaid[i] === 1;
  const disc = discountRate[i]!;
  const roamer = P.roamingShare >= 0.05;
  return { dataLevel, nightS, wapS, voiceLevel, ldS, roamS, smsLevel, awayS, vasN, vasUnit, callLen, contactsL, bill, fee, isPre, disc, roamer };
}

/** One month's usage and billing record of one subscriber (draws in the generator's fixed order). */
function usageMonth(r: Rng, P: PersonaSpec, L: Levels, sh: Float64Array, sid: string, t: number, month: string, dec: number, leaving: boolean, isShock: boolean, exogComplaint: number): UsageMonth {
  const { dataLevel, nightS, wapS, voiceLevel, ldS, roamS, smsLevel, awayS, vasN, vasUnit, callLen, contactsL, bill, fee, isPre, disc, roamer } = L;
  const dataMB = Math.round(dataLevel * (1 + 0.02 * t) * dec * exp(0.25 * sampleNormal(r)));
  const nightDataMB = Math.min(dataMB, Math.round(dataMB * Math.min(0.95, nightS * exp(0.15 * sampleNormal(r)))));
  let left = dataMB;
  const appVideoMB = Math.min(left, Math.round(dataMB * sh[0]! * exp(0.2 * sampleNormal(r))));
  left -= appVideoMB;
  const appSocialMB = Math.min(left, Math.round(dataMB * sh[1]! * exp(0.2 * sampleNormal(r))));
  left -= appSocialMB;
  const appGamesMB = Math.min(left, Math.round(dataMB * sh[2]! * exp(0.2 * sampleNormal(r))));
  left -= appGamesMB;
  const appTravelMB = Math.min(left, Math.round(dataMB * sh[3]! * exp(0.2 * sampleNormal(r)) * (isShock && roamer ? 2 : 1)));
  left -= appTravelMB;
  const appShoppingMB = Math.min(left, Math.round(dataMB * sh[4]! * exp(0.2 * sampleNormal(r))));
  left -= appShoppingMB;
  const appNewsMB = Math.min(left, Math.round(dataMB * sh[5]! * exp(0.2 * sampleNormal(r))));
  left -= appNewsMB;
  const appMusicMB = Math.min(left, Math.round(dataMB * sh[6]! * exp(0.2 * sampleNormal(r))));
  left -= appMusicMB;
  const wapMB = Math.round(dataMB * wapS);
  const V = voiceLevel * dec * exp(0.2 * sampleNormal(r));
  const longDistanceVoiceMinutes = Math.round(V * ldS);
  const roamingVoiceMinutes = Math.round(V * roamS * (isShock && roamer ? 2.5 : 1));
  const localVoiceMinutes = Math.max(0, Math.round(V) - longDistanceVoiceMinutes - Math.round(V * roamS));
  const callsOut = samplePoisson(r, (0.55 * V) / callLen);
  const callsIn = samplePoisson(r, (0.45 * V) / callLen);
  const distinctContacts = Math.min(callsOut + callsIn, samplePoisson(r, contactsL * (0.5 + 0.5 * dec)));
  const smsCount = samplePoisson(r, smsLevel * dec);
  const awayWeekdayCalls = Math.min(callsOut, samplePoisson(r, callsOut * 0.7 * awayS));
  // money
  const vasFee = round2(vasN * vasUnit);
  const smsFee = round2(smsCount * 0.03);
  const target = bill * exp(0.12 * sampleNormal(r)) * (leaving ? 0.7 + 0.3 * dec : 1);
  const over = Math.max(0, target - fee - vasFee - smsFee);
  const voiceW = V / (V + dataMB / 40 + 1);
  const ov = over * voiceW;
  const wsum = localVoiceMinutes + 2 * longDistanceVoiceMinutes + 3 * roamingVoiceMinutes;
  const localCallFee = wsum > 0 ? round2((ov * localVoiceMinutes) / wsum) : 0;
  const longDistanceFee = wsum > 0 ? round2((ov * 2 * longDistanceVoiceMinutes) / wsum) : 0;
  const roamFee = wsum > 0 ? (ov * 3 * roamingVoiceMinutes) / wsum : 0;
  let dataOver = over * (1 - voiceW);
  let extra = 0;
  if (isShock) {
    const x = bill * (0.8 + 1.2 * r.next());
    if (roamer) extra = x;
    else dataOver += x;
  }
  const newBusinessFee = r.next() < 0.03 ? round2(10 + 40 * r.next()) : 0;
  const basicCommFee = round2(localCallFee + longDistanceFee + dataOver);
  const otherFee = round2(roamFee + extra);
  const billedAmount = round2(fee + basicCommFee + smsFee + vasFee + newBusinessFee + otherFee);
  const writeOff = !isPre && r.next() < 0.004;
  const actualRevenue = writeOff ? 0 : round2(billedAmount * (1 - disc));
  let topUpCount = 0;
  let topUpAmount = 0;
  if (isPre) {
    topUpCount = 1 + samplePoisson(r, Math.max(0, P.topUps - 1));
    topUpAmount = Math.ceil((actualRevenue * (0.95 + 0.25 * r.next())) / 10) * 10;
  }
  const complaints = exogComplaint + (leaving ? samplePoisson(r, 0.5) : 0);
  const serviceCalls = complaints + samplePoisson(r, leaving ? 0.8 : 0.15);
  return {
    subscriberId: sid,
    month,
    localVoiceMinutes,
    longDistanceVoiceMinutes,
    roamingVoiceMinutes,
    callsOut,
    callsIn,
    distinctContacts,
    smsCount,
    dataMB,
    nightDataMB,
    wapMB,
    vasCount: vasN,
    monthlyFee: fee,
    localCallFee,
    longDistanceFee,
    basicCommFee,
    smsFee,
    vasFee,
    newBusinessFee,
    otherFee,
    billedAmount,
    actualRevenue,
    topUpCount,
    topUpAmount,
    complaints,
    serviceCalls,
    awayWeekdayCalls,
    appVideoMB,
    appSocialMB,
    appGamesMB,
    appTravelMB,
    appShoppingMB,
    appNewsMB,
    appMusicMB,
    appOtherMB: left,
  };
}
