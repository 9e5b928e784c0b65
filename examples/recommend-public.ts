/**
 * The README protocol of ../shared/data on the two public implicit-feedback sets (leave last out:
 * stable time sort, repeated pairs dropped keeping the first, each subscriber's last distinct item
 * held out, every unseen item ranked), for popularity, item-kNN, ALS, EASE and the learned hybrid.
 * Run: `npx tsx examples/recommend-public.ts` (goodbooks takes long: EASE there is a dense
 * 6,853 × 6,853 solve per λ tried, about two minutes of CPU each).
 */
import { readFileSync } from 'node:fs';
import { evaluateRecommender, fitRecommender, parseCsv } from 'telcokit';
import type { RecommendInteraction, RecommenderComponent } from 'telcokit';

const root = new URL('../../shared/data/', import.meta.url);
function load(rel: string, row: (r: Record<string, string>) => RecommendInteraction): RecommendInteraction[] {
  return parseCsv(readFileSync(new URL(rel, root), 'utf8')).records.map(row);
}

const sets: [string, RecommendInteraction[], string][] = [
  ['ms-store', load('ms-store/ms_store_usage.csv', (r) => ({ subscriberId: r.user_id!, offerId: r.item_id!, timestamp: r.timestamp_utc!, kind: 'accept' })), 'popularity 0.3616 · item-kNN 0.7046 · ALS 0.4321 · EASE ≤ 0.7018'],
  // goodbooks: file order is time order; one timestamp and the stable sort keep it
  ['goodbooks prefix', load('goodbooks-10k-to-read/to_read_prefix101169.csv', (r) => ({ subscriberId: r.user_id!, offerId: r.book_id!, timestamp: '2017-01-01T00:00:00Z', kind: 'accept' })), 'popularity 0.0252 · item-kNN 0.0595 · ALS 0.0510 · EASE ≤ 0.0680'],
];
const rows: [string, RecommenderComponent[] | undefined][] = [
  ['popularity', ['popularity']],
  ['item-kNN (cosine, binary)', ['itemKnn']],
  ['ALS (f 32, λ 1, α 5, 15 it., CG)', ['als']],
  ['EASE (λ chosen on validation)', ['ease']],
  ['hybrid (learned blend)', undefined],
];
for (const [name, interactions, reference] of sets) {
  console.log(`\n${name}: ${interactions.length} events; README reference HR@10: ${reference}`);
  console.log('| model | HR@10 | NDCG@10 | MAP@10 | coverage | seconds |');
  console.log('|---|---|---|---|---|---|');
  for (const [label, components] of rows) {
    const t0 = performance.now();
    const ev = evaluateRecommender((d) => fitRecommender(d, components ? { components } : {}), interactions, { protocol: 'leave-last-out', k: 10 });
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(`| ${label} | ${ev.model.hitRate.toFixed(4)} | ${ev.model.ndcg.toFixed(4)} | ${ev.model.map.toFixed(4)} | ${ev.model.coverage.toFixed(3)} | ${s} |`);
  }
}
