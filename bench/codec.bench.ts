/**
 * Model serialisation: serializeModel + parseModel on a model holding 8 M float64 (64 MB),
 * against the floor of copying the same bytes once (same run).
 */
import { decodeJSON, encodeJSON } from '../src/internal/codec.js';
import { fmt, medianSeconds, scaled } from './util.js';

const n = scaled(8_000_000);
const w = new Float64Array(n);
for (let i = 0; i < n; i++) w[i] = Math.sin(i);
const floor = medianSeconds(() => new Float64Array(w));
let text = '';
const enc = medianSeconds(() => (text = encodeJSON({ kind: 'x/y', version: 1, w })));
const dec = medianSeconds(() => decodeJSON(text));
console.log(`codec on ${fmt(n)} float64: encode ${fmt(enc)} s (${fmt(enc / floor)}× the copy floor), decode ${fmt(dec)} s (${fmt(dec / floor)}×); copy floor ${fmt(floor)} s`);
