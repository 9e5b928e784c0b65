/**
 * `geoFenceTag`: the geo-fence scenario — subscribers seen within R km of a point during a time
 * window on given weekdays ("weekday 11:30–13:30 within 3 km of the business district").
 *
 * @module
 */
import { DataError } from '../errors.js';
import { createBitset, setBit } from '../internal/bitset.js';
import type { TagIndex } from './tag-index.js';
import { optionsObject } from '../internal/guards.js';

/**
 * A location ping as the tag engine reads it (the fields of the schema's `LocationPing`):
 * coordinates in WGS-84 degrees, or a serving cell id resolved through `options.cells`.
 * @category Tags
 */
export interface GeoFencePing {
  readonly subscriberId: string;
  /**
   * ISO-8601 instant `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z`, `±HH`, `±HH:MM` or no offset (= UTC),
   * e.g. `2024-03-04T12:15:00+08:00`; other text is rejected, never read in the host's time zone.
   */
  readonly timestamp: string;
  readonly latitude?: number | undefined;
  readonly longitude?: number | undefined;
  readonly cellId?: string | undefined;
}

/**
 * Pings in column form (the fast path for tens of millions): parallel arrays; `timestamps` in
 * epoch milliseconds or ISO-8601 strings; coordinates NaN where a `cellIds` entry is used instead.
 * @category Tags
 */
export interface GeoFencePingColumns {
  readonly subscriberIds: readonly string[];
  readonly timestamps: Float64Array | readonly string[];
  readonly latitudes?: Float64Array;
  readonly longitudes?: Float64Array;
  readonly cellIds?: readonly (string | null | undefined)[];
}

/** A weekday: 0 = Sunday … 6 = Saturday, or its three-letter English name. @category Tags */
export type GeoFenceWeekday = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';

/** Options of {@link geoFenceTag}. @category Tags */
export interface GeoFenceOptions {
  /** Centre of the fence, degrees. */
  center: { readonly lat: number; readonly lon: number };
  /** Radius, km (great-circle distance; πR ≈ 20,015 km or more covers the whole Earth). */
  radiusKm: number;
  /** Weekdays the window applies to, in local time (default every day). */
  days?: readonly GeoFenceWeekday[];
  /** Window start, local `'HH:MM'` (default `'00:00'`). */
  from?: string;
  /**
   * Window end, local `'HH:MM'`, exclusive (default `'24:00'`); `to < from` wraps past midnight,
   * and the part after midnight belongs to the day the window started (22:00–02:00 on `'fri'`
   * covers Friday 22:00 to Saturday 02:00, counted as Friday for `days` and `minDays`).
   */
  to?: string;
  /** Local time = UTC + this many minutes (default 0; e.g. 480 for UTC+8). */
  utcOffsetMinutes?: number;
  /** Cell id → coordinates, for pings that carry only a `cellId`. */
  cells?: Readonly<Record<string, { readonly lat: number; readonly lon: number }>>;
  /** Least number of qualifying pings per subscriber (default 1). */
  minPings?: number;
  /** Least number of distinct local days with a qualifying ping (default 1). */
  minDays?: number;
  /** Also return the result as a bitset over this index's subscriber ids. */
  index?: TagIndex;
}

/** The subscribers {@link geoFenceTag} found. @category Tags */
export interface GeoFenceResult {
  /** Qualifying subscriber ids, in order of their first qualifying ping. */
  readonly ids: string[];
  /** Qualifying pings per id. */
  readonly pings: number[];
  /** Distinct local days with a qualifying ping, per id. */
  readonly days: number[];
  /** With `options.index`: bitset over the index's ids (ids absent from the index are left out). */
  readonly bitset?: Uint32Array;
}

/** Mean Earth radius, km (IUGG). */
const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;
const DAY_MS = 86_400_000;
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
/** Grid cells per side over the fence's bounding box. */
const GRID = 64;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48; // NaN past the end
    if (!(c >= 0 && c <= 9)) return -1;
    v = v * 10 + c;
  }
  return v;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
  return m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : MONTH_DAYS[m - 1]!;
}

/**
 * Epoch milliseconds of an ISO-8601 instant
 * `YYYY-MM-DD(T| )HH:MM[:SS[.fff…]][Z|±HH|±HH:MM|±HHMM]`; no designator = UTC. The day must exist
 * in its month (2024-02-31 is rejected); hour 24 only as `24:00[:00[.000]]` (the end of the day).
 * NaN for anything else: no fallback to `Date.parse`, which reads offset-less text in the host's
 * time zone.
 */
export function parseInstant(s: string): number {
  const n = s.length;
  if (n < 16 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || !(s[10] === 'T' || s[10] === ' ') || s.charCodeAt(13) !== 58) return NaN;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h < 0 || h > 24 || mi < 0 || mi > 59) return NaN;
  let i = 16;
  let sec = 0;
  let ms = 0;
  if (s.charCodeAt(i) === 58) {
    sec = digits(s, i + 1, 2);
    if (sec < 0 || sec > 59) return NaN;
    i += 3;
    if (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44) {
      i++;
      const start = i;
      let scale = 100;
      while (i < n) {
        const c = s.charCodeAt(i) - 48;
        if (!(c >= 0 && c <= 9)) break;
        if (scale >= 1) ms += c * scale; // digits past the millisecond are truncated
        scale /= 10;
        i++;
      }
      if (i === start) return NaN;
    }
  }
  if (h === 24 && (mi !== 0 || sec !== 0 || ms !== 0)) return NaN;
  let offsetMin = 0;
  if (i < n) {
    const c = s[i];
    if (c === 'Z' || c === 'z') i++;
    else if (c === '+' || c === '-') {
      const oh = digits(s, i + 1, 2);
      if (oh < 0 || oh > 23) return NaN;
      i += 3;
      let om = 0;
      if (i < n) {
        const colon = s.charCodeAt(i) === 58 ? 1 : 0;
        om = digits(s, i + colon, 2);
        if (om < 0 || om > 59) return NaN;
        i += colon + 2;
      }
      offsetMin = (c === '+' ? 1 : -1) * (oh * 60 + om);
    }
  }
  if (i !== n) return NaN;
  return (daysFromCivil(y, mo, d) * 24 + h) * 3_600_000 + mi * 60_000 + sec * 1000 + ms - offsetMin * 60_000;
}

function minutesOf(hhmm: string | undefined, fallback: number, name: string, fn: string): number {
  if (hhmm === undefined) return fallback;
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  const v = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || v > 1440) throw new DataError(`${fn}: ${name} must be 'HH:MM' between 00:00 and 24:00, got ${JSON.stringify(hhmm)}`);
  return v;
}

/**
 * A geo-fence's geometry and weekly time window, checked once (shared by {@link geoFenceTag} and the
 * real-time trigger engine).
 * @internal
 */
export interface CompiledGeoFence {
  /** Whether a point (degrees) is inside the circle (bounding box, grid of full cells, then haversine). */
  inFence(lat: number, lon: number): boolean;
  /**
   * The local day number (days since 1970-01-01 in local time, a window wrapping midnight counted on
   * the day it started) when the instant `t` (epoch ms) falls in the weekly window, else NaN.
   */
  windowDay(t: number): number;
  /** Bounding box half-extents, degrees, and the box's low latitude (for the prefilter). */
  readonly dLatDeg: number;
  readonly dLonDeg: number;
  readonly latLo: number;
}

/**
 * Checks a fence's centre, radius, window and weekdays and builds its point and time tests.
 * @throws DataError as {@link geoFenceTag} documents
 * @internal
 */
export function compileGeoFence(fn: string, options: Pick<GeoFenceOptions, 'center' | 'radiusKm' | 'days' | 'from' | 'to' | 'utcOffsetMinutes'>): CompiledGeoFence {
  const { center, radiusKm } = options;
  if (!center || !(Math.abs(center.lat) <= 90) || !(Math.abs(center.lon) <= 180)) {
    throw new DataError(`${fn}: center must be { lat: −90..90, lon: −180..180 } degrees, got ${JSON.stringify(center)}`);
  }
  if (!(radiusKm > 0) || !Number.isFinite(radiusKm)) throw new DataError(`${fn}: radiusKm must be a positive number, got ${radiusKm}`);
  const fromMin = minutesOf(options.from, 0, 'from', fn);
  const toMin = minutesOf(options.to, 1440, 'to', fn);
  const offsetMs = (options.utcOffsetMinutes ?? 0) * 60_000;
  if (!Number.isFinite(offsetMs)) throw new DataError(`${fn}: utcOffsetMinutes must be a finite number`);
  const dayOk = new Uint8Array(7);
  if (options.days === undefined) dayOk.fill(1);
  else {
    for (const d of options.days) {
      const k = typeof d === 'number' ? d : DAY_NAMES.indexOf(String(d).toLowerCase().slice(0, 3));
      if (!(Number.isInteger(k) && k >= 0 && k <= 6)) throw new DataError(`${fn}: unknown weekday ${JSON.stringify(d)} (0 = Sunday … 6, or 'mon' …)`);
      dayOk[k] = 1;
    }
  }
  // geometry
  const lat0 = center.lat * RAD;
  const lon0 = center.lon;
  const cosLat0 = Math.cos(lat0);
  // radians; a radius of πR (half the circumference, ~20,015 km) or more covers the whole sphere,
  // and sin²(ang/2) would shrink again past π
  const ang = Math.min(Math.PI, radiusKm / EARTH_RADIUS_KM);
  const hMax = Math.sin(ang / 2) ** 2;
  const dLatDeg = Math.min(180, ang / RAD);
  const sinRatio = Math.sin(Math.min(ang, Math.PI / 2)) / cosLat0;
  const dLonDeg = ang >= Math.PI / 2 || sinRatio >= 1 || center.lat + dLatDeg >= 90 || center.lat - dLatDeg <= -90 ? 180 : Math.asin(sinRatio) / RAD;
  const latLo = center.lat - dLatDeg;
  const cellLat = (2 * dLatDeg) / GRID;
  const cellLon = (2 * dLonDeg) / GRID;
  const inside = (latDeg: number, lonDeg: number): boolean => {
    const p = latDeg * RAD;
    const sp = Math.sin((p - lat0) / 2);
    const sl = Math.sin(((lonDeg - lon0) * RAD) / 2);
    return sp * sp + cosLat0 * Math.cos(p) * sl * sl <= hMax;
  };
  // cells of the grid whose four corners are inside: every point of the cell is inside
  const full = new Uint8Array(GRID * GRID);
  if (dLonDeg < 180) {
    for (let a = 0; a < GRID; a++) {
      for (let b = 0; b < GRID; b++) {
        const la = latLo + a * cellLat;
        const lb = lon0 - dLonDeg + b * cellLon;
        const shrink = 1e-9; // margin against rounding at the corners
        if (inside(la - shrink, lb - shrink) && inside(la + cellLat + shrink, lb - shrink) && inside(la - shrink, lb + cellLon + shrink) && inside(la + cellLat + shrink, lb + cellLon + shrink)) {
          full[a * GRID + b] = 1;
        }
      }
    }
  }
  const inFence = (lat: number, lon: number): boolean => {
    const dy = lat - latLo;
    if (!(dy >= 0 && dy <= 2 * dLatDeg)) return false;
    let dx = lon - lon0;
    if (dx > 180) dx -= 360;
    else if (dx < -180) dx += 360;
    if (!(dx >= -dLonDeg && dx <= dLonDeg)) return false;
    if (dLonDeg < 180) {
      const a = Math.min(GRID - 1, Math.floor(dy / cellLat));
      const b = Math.min(GRID - 1, Math.floor((dx + dLonDeg) / cellLon));
      if (full[a * GRID + b] === 1) return true;
    }
    return inside(lat, lon);
  };

  const wrap = fromMin > toMin;
  const windowDay = (t: number): number => {
    const local = t + offsetMs;
    let day = Math.floor(local / DAY_MS);
    const minute = Math.floor((local - day * DAY_MS) / 60_000);
    if (fromMin !== toMin && (wrap ? minute < fromMin && minute >= toMin : minute < fromMin || minute >= toMin)) return NaN;
    // a window wrapping midnight belongs to the day it started: 22:00–02:00 on 'fri' includes
    // Saturday 00:00–02:00, counted as Friday (weekday and minDays alike)
    if (wrap && minute < toMin) day -= 1;
    const weekday = (((day + 4) % 7) + 7) % 7;
    return dayOk[weekday] === 1 ? day : NaN;
  };
  return { inFence, windowDay, dLatDeg, dLonDeg, latLo };
}

/**
 * Finds the subscribers seen inside a circular geo-fence during a weekly time window. Distance is
 * the haversine great-circle distance (R = 6371.0088 km), compared without the arcsine:
 * `sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2) ≤ sin²(r / 2R)`.
 *
 * Speed: a latitude/longitude bounding box rejects most pings with two subtractions; inside it, a
 * 64 × 64 grid of cells whose four corners all lie inside the circle accepts pings without the
 * trigonometry (the farthest point of a latitude–longitude cell from the centre is a corner);
 * only pings in boundary cells get the haversine test. Timestamps are parsed (a fast ISO-8601
 * path) only for pings inside the fence; cell-id pings are resolved once per distinct cell.
 *
 * @param pings - `GeoFencePing[]` (the schema's LocationPing) or {@link GeoFencePingColumns}
 * @param options - see {@link GeoFenceOptions}
 * @param options.center - fence centre `{ lat, lon }`, degrees
 * @param options.radiusKm - fence radius, km (πR ≈ 20,015 km or more covers the whole Earth)
 * @param options.days - local weekdays (0 = Sunday or `'mon'` …; default every day)
 * @param options.from - window start `'HH:MM'` local (default `'00:00'`)
 * @param options.to - window end `'HH:MM'` local, exclusive (default `'24:00'`); before `from` the
 *   window wraps midnight and its part after midnight belongs to the day it started
 * @param options.utcOffsetMinutes - local time offset from UTC, minutes (default 0)
 * @param options.cells - cell id → `{ lat, lon }` for pings with only a cell id
 * @param options.minPings - least qualifying pings per subscriber (default 1)
 * @param options.minDays - least distinct local days with a qualifying ping (default 1)
 * @param options.index - also return a bitset over this tag index's ids
 * @returns qualifying ids (order of first qualifying ping) with their ping and day counts
 * @throws DataError on an invalid centre, radius, time or weekday, an unparseable timestamp of a
 *   ping inside the fence, or a cell id missing from `cells`
 * @example
 * geoFenceTag(
 *   [{ subscriberId: 'a', timestamp: '2024-03-04T12:00:00+08:00', latitude: 31.23, longitude: 121.47 }],
 *   { center: { lat: 31.2304, lon: 121.4737 }, radiusKm: 3, days: ['mon'], from: '11:30', to: '13:30', utcOffsetMinutes: 480 },
 * ).ids // => ['a']
 * @category Tags
 */
export function geoFenceTag(pings: readonly GeoFencePing[] | GeoFencePingColumns, options: GeoFenceOptions): GeoFenceResult {
  const fn = 'geoFenceTag';
  options = optionsObject(fn, options);
  const fence = compileGeoFence(fn, options);
  const input = readPings(fn, pings);
  const cand = boxCandidates(input, fence, options.center.lon);
  const { stats, order } = countInFence(fn, input, cand, fence, options.cells);
  return qualifying(stats, order, options.minPings ?? 1, options.minDays ?? 1, options.index);
}

/** Pings as records or as columns, with their count. */
interface PingInput {
  readonly cols: GeoFencePingColumns | undefined;
  readonly recs: readonly GeoFencePing[] | undefined;
  readonly n: number;
}

/** Per subscriber: qualifying pings and the distinct local days they fell on. */
type FenceStats = Map<string, { pings: number; days: Set<number> }>;

/** Tells records from columns and checks that the columns line up. */
function readPings(fn: string, pings: readonly GeoFencePing[] | GeoFencePingColumns): PingInput {
  const cols = Array.isArray(pings) ? undefined : (pings as GeoFencePingColumns);
  const recs = Array.isArray(pings) ? (pings as readonly GeoFencePing[]) : undefined;
  const n = cols ? cols.subscriberIds.length : recs!.length;
  if (cols) {
    for (const [k, arr] of [['timestamps', cols.timestamps], ['latitudes', cols.latitudes], ['longitudes', cols.longitudes], ['cellIds', cols.cellIds]] as const) {
      if (arr !== undefined && arr.length !== n) throw new DataError(`${fn}: ${k} has ${arr.length} entries for ${n} subscriberIds`);
    }
    if (!cols.cellIds && (!cols.latitudes || !cols.longitudes)) throw new DataError(`${fn}: column pings need latitudes and longitudes, or cellIds`);
  }
  return { cols, recs, n };
}

/**
 * Pass 1: the bounding-box prefilter, a tight loop over the coordinates; pings without
 * coordinates go through their cell (they are all candidates).
 */
function boxCandidates(input: PingInput, fence: CompiledGeoFence, lon0: number): number[] {
  const { cols, recs, n } = input;
  const cand: number[] = [];
  if (cols && cols.latitudes && cols.longitudes) return columnBoxCandidates(cols.latitudes, cols.longitudes, n, fence, lon0);
  if (cols) {
    for (let i = 0; i < n; i++) cand.push(i);
    return cand;
  }
  const { dLatDeg, dLonDeg, latLo } = fence;
  const latSpan = 2 * dLatDeg;
  const wide = dLonDeg >= 180;
  for (let i = 0; i < n; i++) {
    const p = recs![i]!;
    const lat = p.latitude;
    const lon = p.longitude;
    if (lat === undefined || lon === undefined || lat !== lat || lon !== lon) {
      cand.push(i);
      continue;
    }
    const dy = lat - latLo;
    if (!(dy >= 0 && dy <= latSpan)) continue;
    let dx = lon - lon0;
    if (dx > 180) dx -= 360;
    else if (dx < -180) dx += 360;
    if (wide || (dx >= -dLonDeg && dx <= dLonDeg)) cand.push(i);
  }
  return cand;
}

/** {@link boxCandidates} over coordinate columns (NaN coordinates are candidates, for their cell). */
function columnBoxCandidates(L: Float64Array, G: Float64Array, n: number, fence: CompiledGeoFence, lon0: number): number[] {
  const { dLatDeg, dLonDeg, latLo } = fence;
  const latSpan = 2 * dLatDeg;
  const wide = dLonDeg >= 180;
  const cand: number[] = [];
  const latHi = latLo + latSpan;
  if (!wide && Math.abs(lon0) + dLonDeg < 180) {
    // no antimeridian in reach: a plain box test (NaN fails both comparisons and is checked after)
    const lonLo = lon0 - dLonDeg;
    const lonHi = lon0 + dLonDeg;
    for (let i = 0; i < n; i++) {
      const lat = L[i]!;
      if (lat >= latLo && lat <= latHi) {
        const lon = G[i]!;
        if (lon >= lonLo && lon <= lonHi) cand.push(i);
        else if (lon !== lon) cand.push(i);
      } else if (lat !== lat || G[i] !== G[i]) cand.push(i);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const dy = L[i]! - latLo;
      if (dy >= 0 && dy <= latSpan) {
        let dx = G[i]! - lon0;
        if (dx > 180) dx -= 360;
        else if (dx < -180) dx += 360;
        if (wide || (dx >= -dLonDeg && dx <= dLonDeg)) cand.push(i);
        else if (dx !== dx) cand.push(i);
      } else if (dy !== dy || G[i] !== G[i]) cand.push(i);
    }
  }
  return cand;
}

/** Pass 2: grid cell / haversine, then the time window, on the candidates only. */
function countInFence(
  fn: string,
  input: PingInput,
  cand: readonly number[],
  fence: CompiledGeoFence,
  cells: GeoFenceOptions['cells'],
): { stats: FenceStats; order: string[] } {
  const { cols, recs } = input;
  const { inFence, windowDay } = fence;
  const cellCache = new Map<string, boolean>();
  const cellInside = (cellId: string, i: number): boolean => {
    let v = cellCache.get(cellId);
    if (v === undefined) {
      const c = cells?.[cellId];
      if (!c) throw new DataError(`${fn}: ping ${i} has cell '${cellId}', which options.cells does not list`);
      v = inFence(c.lat, c.lon);
      cellCache.set(cellId, v);
    }
    return v;
  };
  const stats: FenceStats = new Map();
  const order: string[] = [];
  for (let q = 0; q < cand.length; q++) {
    const i = cand[q]!;
    let lat: number;
    let lon: number;
    let cellId: string | null | undefined;
    if (cols) {
      lat = cols.latitudes ? cols.latitudes[i]! : NaN;
      lon = cols.longitudes ? cols.longitudes[i]! : NaN;
      cellId = cols.cellIds?.[i];
    } else {
      const p = recs![i]!;
      lat = p.latitude ?? NaN;
      lon = p.longitude ?? NaN;
      cellId = p.cellId;
    }
    let ok: boolean;
    if (lat === lat && lon === lon) ok = inFence(lat, lon);
    else if (cellId != null) ok = cellInside(cellId, i);
    else throw new DataError(`${fn}: ping ${i} has neither coordinates nor a cell id`);
    if (!ok) continue;
    const ts = cols ? cols.timestamps[i]! : recs![i]!.timestamp;
    const t = typeof ts === 'number' ? ts : typeof ts === 'string' ? parseInstant(ts) : NaN;
    if (!Number.isFinite(t)) {
      throw new DataError(
        `${fn}: ping ${i} has timestamp ${JSON.stringify(ts)}, not an ISO-8601 instant (expected YYYY-MM-DDTHH:MM[:SS[.fff]] with Z, ±HH, ±HH:MM or no offset for UTC, on a real calendar day)`,
      );
    }
    const day = windowDay(t);
    if (day !== day) continue;
    const id = cols ? cols.subscriberIds[i]! : recs![i]!.subscriberId;
    let s = stats.get(id);
    if (s === undefined) {
      s = { pings: 0, days: new Set() };
      stats.set(id, s);
      order.push(id);
    }
    s.pings++;
    s.days.add(day);
  }
  return { stats, order };
}

/** The subscribers meeting `minPings` and `minDays`, in order of first qualifying ping, and their bitset over `index`. */
function qualifying(stats: FenceStats, order: readonly string[], minPings: number, minDays: number, index: TagIndex | undefined): GeoFenceResult {
  const ids: string[] = [];
  const counts: number[] = [];
  const days: number[] = [];
  for (const id of order) {
    const s = stats.get(id)!;
    if (s.pings >= minPings && s.days.size >= minDays) {
      ids.push(id);
      counts.push(s.pings);
      days.push(s.days.size);
    }
  }
  if (!index) return { ids, pings: counts, days };
  const want = new Set(ids);
  const bitset = createBitset(index.nRows);
  const all = index.ids;
  if (want.size > 0) for (let i = 0; i < all.length; i++) if (want.has(all[i]!)) setBit(bitset, i);
  return { ids, pings: counts, days, bitset };
}
