/**
 * The offer catalogue of the synthetic operator: offers cycle through the categories, each with
 * attributes drawn from small menus, a price that follows from the attributes, and a trait vector
 * (in [0, 1] per trait of OFFER_TRAITS) that the personas' preferences act on.
 */
import type { Offer } from '../../schema/offer.js';
import type { Rng } from '../../internal/rng.js';
import { CONTENT_GENRES, CONTENT_PROVIDERS, N_TRAITS, OFFER_CATEGORY_CYCLE, VAS_SERVICES } from './catalogue.js';
import { pow } from '../../internal/math.js';

const CATEGORY_INDEX = { plan: 0, data_pack: 1, broadband: 2, device: 3, vas: 4, content: 5 } as const;
// trait indices, in OFFER_TRAITS order
const DATA = 0, VOICE = 1, NIGHT = 2, ROAMING = 3, FAMILY = 4, PREMIUM = 5, VIDEO = 6, MUSIC = 7, GAMES = 8, BUSINESS = 9, BUDGET = 10;

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.int(xs.length)]!;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The synthetic offer catalogue: `n` offers with ids `O001`…, category indices and trait vectors (n × traits). */
export function buildOffers(n: number, rng: Rng): { offers: Offer[]; category: Uint8Array; traits: Float64Array } {
  const width = Math.max(3, String(n).length);
  const offers: Offer[] = [];
  const category = new Uint8Array(n);
  const traits = new Float64Array(n * N_TRAITS);
  for (let j = 0; j < n; j++) {
    const cat = OFFER_CATEGORY_CYCLE[j % OFFER_CATEGORY_CYCLE.length]!;
    const t = traits.subarray(j * N_TRAITS, (j + 1) * N_TRAITS);
    category[j] = CATEGORY_INDEX[cat];
    let name: string;
    let price: number;
    let attributes: Record<string, string | number | boolean>;
    switch (cat) {
      case 'plan': {
        const network = rng.next() < 0.6 ? '5G' : '4G';
        const dataGB = pick(rng, [10, 20, 40, 60, 100]);
        const voiceMinutes = pick(rng, [100, 300, 500, 1000, 2000]);
        const kind = pick(rng, ['standard', 'standard', 'family', 'business', 'senior']);
        price = 18 + 0.9 * dataGB + 0.06 * voiceMinutes + (network === '5G' ? 20 : 0) + (kind === 'family' ? 40 : 0) + (kind === 'business' ? 30 : 0) - (kind === 'senior' ? 15 : 0);
        price = Math.max(8, Math.round(price / 10) * 10 - 2);
        name = `${network} ${kind} ${dataGB} GB / ${voiceMinutes} min`;
        attributes = { network, dataGB, voiceMinutes, family: kind === 'family', business: kind === 'business', contractMonths: pick(rng, [0, 12, 24]) };
        t[DATA] = Math.min(1, dataGB / 60);
        t[VOICE] = Math.min(1, voiceMinutes / 1000);
        t[FAMILY] = kind === 'family' ? 1 : 0;
        t[BUSINESS] = kind === 'business' ? 1 : 0;
        t[PREMIUM] = network === '5G' ? 0.6 : 0;
        t[BUDGET] = kind === 'senior' ? 0.8 : 0;
        break;
      }
      case 'data_pack': {
        const dataGB = pick(rng, [1, 3, 5, 10, 20, 50]);
        const validityDays = pick(rng, [1, 7, 30, 30]);
        const variant = pick(rng, ['any', 'any', 'night', 'roaming', 'video']);
        price = (3 + 2.2 * pow(dataGB, 0.8)) * (variant === 'night' ? 0.5 : variant === 'roaming' ? 3 : 1) * (validityDays === 30 ? 1 : 0.7);
        price = round2(Math.max(1, Math.round(price)));
        name = `${dataGB} GB ${variant === 'any' ? '' : `${variant} `}pack, ${validityDays} day${validityDays > 1 ? 's' : ''}`;
        attributes = { dataGB, validityDays, nightOnly: variant === 'night', roaming: variant === 'roaming', videoOnly: variant === 'video' };
        t[DATA] = Math.min(1, dataGB / 20);
        t[NIGHT] = variant === 'night' ? 1 : 0;
        t[ROAMING] = variant === 'roaming' ? 1 : 0;
        t[VIDEO] = variant === 'video' ? 1 : 0;
        t[BUDGET] = price < 15 ? 1 - price / 15 : 0;
        break;
      }
      case 'broadband': {
        const speedMbps = pick(rng, [100, 300, 500, 1000]);
        const tvBox = rng.next() < 0.5;
        price = 39 + speedMbps * 0.08 + (tvBox ? 15 : 0);
        price = Math.round(price);
        name = `Home broadband ${speedMbps} Mbps${tvBox ? ' + TV' : ''}`;
        attributes = { speedMbps, tvBox, contractMonths: pick(rng, [12, 24]) };
        t[FAMILY] = 0.8;
        t[DATA] = 0.4;
        t[PREMIUM] = speedMbps >= 500 ? 0.8 : 0.2;
        t[VIDEO] = tvBox ? 0.8 : 0.2;
        t[GAMES] = speedMbps >= 500 ? 0.5 : 0;
        break;
      }
      case 'device': {
        const tier = pick(rng, [0, 1, 1, 2, 2, 3] as const);
        const brand = pick(rng, ['Huawei', 'Apple', 'Xiaomi', 'OPPO', 'vivo', 'Honor']);
        const supports5G = tier > 0 || rng.next() < 0.5;
        price = [699, 1999, 4999, 8999][tier]! + 100 * rng.int(10);
        name = `${brand} ${['entry', 'mid-range', 'flagship', 'premium'][tier]} phone${supports5G ? ' 5G' : ''}`;
        attributes = { brand, priceTier: ['low', 'mid', 'high', 'premium'][tier]!, supports5G, contractMonths: pick(rng, [0, 12, 24]) };
        t[PREMIUM] = tier / 3;
        t[DATA] = supports5G ? 0.5 : 0.1;
        t[BUSINESS] = tier === 3 ? 0.5 : 0;
        t[BUDGET] = tier === 0 ? 1 : 0;
        t[GAMES] = tier >= 2 ? 0.4 : 0;
        break;
      }
      case 'vas': {
        const service = pick(rng, VAS_SERVICES);
        price = { ringback: 5, cloud_storage: 10, security: 6, caller_id: 3, international_calls: 30, conference: 25 }[service];
        name = `Service: ${service.replace('_', ' ')}`;
        attributes = { service };
        t[MUSIC] = service === 'ringback' ? 0.6 : 0;
        t[VOICE] = service === 'caller_id' || service === 'international_calls' ? 0.8 : 0.2;
        t[ROAMING] = service === 'international_calls' ? 1 : 0;
        t[BUSINESS] = service === 'conference' ? 1 : service === 'cloud_storage' ? 0.4 : 0;
        t[FAMILY] = service === 'security' ? 0.6 : 0;
        t[BUDGET] = price <= 6 ? 0.6 : 0;
        break;
      }
      default: {
        const genre = pick(rng, CONTENT_GENRES);
        const provider = pick(rng, CONTENT_PROVIDERS);
        price = { video: 25, music: 15, games: 30, news: 10 }[genre] - 5 + rng.int(3) * 5;
        name = `${provider} ${genre} membership`;
        attributes = { genre, provider };
        t[VIDEO] = genre === 'video' ? 1 : 0;
        t[MUSIC] = genre === 'music' ? 1 : 0;
        t[GAMES] = genre === 'games' ? 1 : 0;
        t[NIGHT] = genre === 'video' || genre === 'games' ? 0.5 : 0;
        t[DATA] = genre === 'news' ? 0.1 : 0.5;
        break;
      }
    }
    offers.push({ id: `O${String(j + 1).padStart(width, '0')}`, name, category: cat, price, attributes });
  }
  return { offers, category, traits };
}
