/**
 * Tiny loaders for the public implicit-feedback sets in ../shared/data (a local CSV reader until
 * telcokit's ingestion module is wired in here).
 */
import { readFileSync } from 'node:fs';
import type { RecommendInteraction } from 'telcokit';

const root = new URL('../../../shared/data/', import.meta.url);

/** Splits one CSV line (double-quoted fields with "" escapes). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (q) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else q = false;
      } else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function rows(rel: string): string[][] {
  const text = readFileSync(new URL(rel, root), 'utf8');
  return text.split(/\r?\n/).slice(1).filter((l) => l.length > 0).map(splitCsvLine);
}

/** ms-store purchases as accept interactions (user_id, item_id, timestamp_utc). */
export function loadMsStore(): RecommendInteraction[] {
  return rows('ms-store/ms_store_usage.csv').map(([u, i, t]) => ({ subscriberId: u!, offerId: i!, timestamp: t!, kind: 'accept' }));
}

/** ms-store catalogue as offers (category kept; price unknown → 0). */
export function loadMsStoreCatalog(): { id: string; name: string; category: string; price: number }[] {
  return rows('ms-store/ms_store_catalog.csv').map(([id, name, category]) => ({ id: id!, name: name!, category: category!, price: 0 }));
}

/** goodbooks to-read prefix as accept interactions; file order is time order (one timestamp, stable sort keeps it). */
export function loadGoodbooks(): RecommendInteraction[] {
  return rows('goodbooks-10k-to-read/to_read_prefix101169.csv').map(([u, b]) => ({
    subscriberId: u!,
    offerId: b!,
    timestamp: '2017-01-01T00:00:00Z',
    kind: 'accept',
  }));
}
