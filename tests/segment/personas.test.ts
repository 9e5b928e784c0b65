/**
 * Segments recover the synthetic operator's latent personas when k-means runs on the profile
 * features the demo uses (usage mix, tenure, family cards, app shares), log-scaled and
 * standardised. The floor is set under the figure measured on this seed.
 */
import { describe, expect, test } from 'vitest';
import { adjustedRandIndex, assignSegments, buildProfiles, fitApplyPipeline, fitKMeans, generateOperator, purityByClass } from 'telcokit';

describe('persona recovery on the synthetic operator (6,000 subscribers, k = 8)', () => {
  test('adjusted Rand index ≥ 0.55 and every persona mostly in one segment', () => {
    const op = generateOperator({ subscribers: 6000, months: 6, seed: 7, callEdges: false, pingsPerSubscriber: 0 });
    const prof = buildProfiles({ subscribers: op.subscribers, usage: op.usage });
    const features = ['arpu', 'dataMB', 'voiceMinutes', 'nightDataShare', 'awayWeekdayCallShare', 'secondaryCards', 'tenureMonths', 'vasIntensity', 'appShare_video', 'appShare_games', 'appShare_travel'];
    const arpu = prof.matrix.columns.indexOf('arpu');
    const rows = prof.profiles.map((_, i) => i).filter((i) => Number.isFinite(prof.matrix.values[i * prof.matrix.nCols + arpu]!));
    const { matrix } = fitApplyPipeline(
      [
        { type: 'select', columns: { names: features } },
        { type: 'impute', strategy: 'median', columns: { type: 'numeric' } },
        { type: 'log1p', columns: { names: ['arpu', 'dataMB', 'voiceMinutes'] } },
        { type: 'standardize', columns: { type: 'numeric' } },
      ],
      rows.map((i) => prof.profiles[i]!),
    );
    const labels = Array.from(assignSegments(fitKMeans(matrix, { k: 8, seed: 7, nInit: 3 }), matrix));
    const index = new Map(op.subscribers.map((s, i) => [s.id, i]));
    const persona = rows.map((i) => op.truth.persona[index.get(String(prof.profiles[i]!.id))!]!);
    const ari = adjustedRandIndex(persona, labels);
    console.log(`persona recovery: ARI ${ari.toFixed(3)}`, purityByClass(persona, labels));
    expect(ari).toBeGreaterThanOrEqual(0.55);
  });
});
