/** Internal: the step implementations by step type. */
import type { StepImpl } from './common.js';
import { customStep } from './custom.js';
import { deriveStep } from './derive.js';
import { frequencyEncodeStep } from './frequency-encode.js';
import { imputeStep } from './impute.js';
import { log1pStep } from './log1p.js';
import { minmaxStep } from './minmax.js';
import { oneHotStep } from './one-hot.js';
import { ordinalStep } from './ordinal.js';
import { quantileBinStep } from './quantile-bin.js';
import { robustStep } from './robust.js';
import { selectStep } from './select.js';
import { standardizeStep } from './standardize.js';
import { targetEncodeStep } from './target-encode.js';
import { winsorizeStep } from './winsorize.js';
import type { PipelineStep } from '../schema.js';

export const STEPS: { [T in PipelineStep['type']]: StepImpl<T> } = {
  select: selectStep,
  derive: deriveStep,
  custom: customStep,
  impute: imputeStep,
  standardize: standardizeStep,
  minmax: minmaxStep,
  robust: robustStep,
  log1p: log1pStep,
  winsorize: winsorizeStep,
  oneHot: oneHotStep,
  ordinal: ordinalStep,
  quantileBin: quantileBinStep,
  frequencyEncode: frequencyEncodeStep,
  targetEncode: targetEncodeStep,
};
