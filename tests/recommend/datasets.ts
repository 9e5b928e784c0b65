/**
 * Loaders for the public implicit-feedback sets in ../shared/data, through telcokit's `parseCsv`.
 */
import { readFileSync } from 'node:fs';
import { parseCsv } from 'telcokit';
import type { RecommendInteraction } from 'telcokit';

const root = new URL('../../../shared/data/', import.meta.url);

function rows(rel: string): string[][] {
  const table = parseCsv(readFileSync(new URL(rel, root), 'utf8'));
  if (table.problems.length > 0) throw new Error(`${rel}: ${table.problems.length} malformed rows`);
  return table.records.map((r) => table.header.map((h) => r[h]!));
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
