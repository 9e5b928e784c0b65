import { describe, expect, test } from 'vitest';
import {
  assignArms,
  bayesianProportions,
  evaluateCampaign,
  fitUpliftModel,
  newcombeInterval,
  OptionsError,
  qiniCoefficient,
  sequentialTest,
  sleepingDogs,
  srmCheck,
  upliftAtK,
  upliftByDecile,
  valueTargeting,
  wilsonInterval,
} from 'telcokit';

/** The OptionsError `f` throws (fails the test when it throws nothing or something else). */
function optionsError(f: () => unknown): OptionsError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(OptionsError);
    return e as OptionsError;
  }
  throw new Error('expected an OptionsError');
}

describe('campaign options are declared once (defineOptions): the message names the function, the option, the range and the value', () => {
  const arm = { conversions: 5, exposures: 100 };
  test('alpha, threshold, prior, seed and resamples', () => {
    let e = optionsError(() => wilsonInterval(1, 10, { alpha: 1 }));
    expect([e.option, e.message]).toEqual(['alpha', 'wilsonInterval: option alpha must be a number in (0, 1), got 1']);
    e = optionsError(() => newcombeInterval(arm, arm, { alfa: 0.1 } as never));
    expect(e.message).toMatch(/^newcombeInterval: unknown option 'alfa'; did you mean 'alpha'\?/);
    e = optionsError(() => srmCheck([50, 50], [0.5, 0.5], { threshold: 0 }));
    expect(e.message).toBe('srmCheck: option threshold must be a number in (0, 1), got 0');
    e = optionsError(() => bayesianProportions(arm, arm, { prior: { a: 0, b: 1 } }));
    expect([e.option, e.message]).toEqual(['prior.a', 'bayesianProportions: option prior.a must be a finite number > 0, got 0']);
    const outcomes = { arm: ['control', 't'], converted: [0, 1] };
    e = optionsError(() => evaluateCampaign(outcomes, { seed: -1 }));
    expect(e.message).toBe('evaluateCampaign: option seed must be an integer in [0, 2³²), got -1');
    e = optionsError(() => evaluateCampaign(outcomes, { resamples: 1.5 }));
    expect(e.message).toBe('evaluateCampaign: option resamples must be an integer in [0, 1e5], got 1.5');
    e = optionsError(() => sequentialTest([{ treatment: arm, control: arm }] as never, { tuningExposures: 0 }));
    expect(e.message).toBe('sequentialTest: option tuningExposures must be a number in [1, 1e12], got 0');
  });
  test('uplift and targeting options', () => {
    const y = [1, 0, 0, 1];
    const u = [0.9, 0.5, 0.3, 0.1];
    const t = [1, 0, 1, 0];
    let e = optionsError(() => qiniCoefficient(y, u, t, { negativeEffect: 1 as never }));
    expect(e.message).toBe('qiniCoefficient: option negativeEffect must be true or false, got 1');
    e = optionsError(() => upliftAtK(y, u, t, { strategy: 'per_group' as never }));
    expect(e.message).toBe(`upliftAtK: option strategy must be 'overall' or 'by_group', got "per_group"`);
    e = optionsError(() => upliftByDecile(y, u, t, { bins: 5 }));
    expect(e.message).toBe('upliftByDecile: option bins must be an integer in [1, 4] (at most the 4 rows), got 5');
    e = optionsError(() => sleepingDogs(u, { threshold: 0.5 }));
    expect(e.message).toBe('sleepingDogs: option threshold must be a number in [-1, 0], got 0.5');
    e = optionsError(() => fitUpliftModel([[1], [2]], [1, 0], [1, 0], { learner: 'r' as never }));
    expect(e.message).toBe(`fitUpliftModel: option learner must be 't', 's', 'x' or 'class-transform', got "r"`);
    e = optionsError(() => valueTargeting(u, { value: 1, budget: 0 }));
    expect(e.message).toBe('valueTargeting: option budget must be a number > 0 (or omitted for no budget), got 0');
    e = optionsError(() => assignArms(['a'], { campaignId: 'c', arms: { a: 0.5, b: 0.5 }, holdout: 0.6 }));
    expect(e.message).toBe('assignArms: option holdout must be a number in [0, 0.5], got 0.6');
    e = optionsError(() => assignArms(['a'], undefined as never));
    expect(e.option).toBe('campaignId');
  });
});
