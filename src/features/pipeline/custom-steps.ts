/**
 * `defineCustomSteps`: the functions of a pipeline's `custom` steps, by registered name.
 *
 * A `custom` step stores only the name of its function (`fn: 'nightShare'`), so a fitted pipeline
 * stays plain data and round-trips through `serializeModel` / `parseModel`. The functions
 * themselves are passed at fit and at apply, as Keras takes `custom_objects` when it loads a
 * model: `fitPipeline(steps, rows, { customSteps })`, `applyPipeline(model, rows, { customSteps })`.
 * There is no global registry: what a call can run is what the caller hands it.
 *
 * @module
 */
import { OptionsError } from '../../errors.js';
import { describeValue } from '../../internal/options.js';
import { MAX_CUSTOM_NAME_LENGTH } from '../../limits.js';

/**
 * The function of a `custom` step: gets the selected numeric columns (NaN missing; copies, so
 * writing into them changes nothing) and the row count, and returns one array of `nRows` numbers
 * per declared output — no more, no fewer. NaN in an output means missing; ±Infinity and anything
 * that is not a number is a `DataError` naming the step and the row. It must not depend on the rows
 * it is given beyond each row's own values (it has no fitted state: fit and apply call it alike).
 * @category Features
 */
export type CustomStepFn = (inputs: Readonly<Record<string, Float64Array>>, nRows: number) => Record<string, ArrayLike<number>>;

/**
 * The functions of custom steps by registered name (the `fn` of a `custom` step): a plain object
 * `{ name: function }`, as given to the `customSteps` option or made by {@link defineCustomSteps}.
 * Names are looked up as own properties only, so `'constructor'` or `'toString'` never finds
 * something of `Object.prototype`. Functions not used by a pipeline are ignored, so one object can
 * serve many pipelines.
 * @category Features
 */
export type CustomSteps = Readonly<Record<string, CustomStepFn>>;


/** No functions: what an omitted `customSteps` option means. */
const NONE: CustomSteps = Object.freeze(Object.create(null) as Record<string, CustomStepFn>);

/**
 * Checks a `customSteps` value and returns a frozen copy with a null prototype.
 * @internal
 */
export function readCustomSteps(fn: string, value: unknown, option = 'customSteps'): CustomSteps {
  if (value === undefined) return NONE;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new OptionsError(`${fn}: option ${option} must be an object of functions by registered name, got ${describeValue(value)}`, option);
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    // a Map, class instance or typed array would look like an empty registry and hide the mistake
    throw new OptionsError(`${fn}: option ${option} must be a plain object of functions by registered name (not a Map or class instance)`, option);
  }
  const out = Object.create(null) as Record<string, CustomStepFn>;
  for (const name of Object.keys(value)) {
    if (name.length === 0 || name.length > MAX_CUSTOM_NAME_LENGTH) {
      throw new OptionsError(`${fn}: option ${option} has a name of ${name.length} characters; a registered name has 1 to ${MAX_CUSTOM_NAME_LENGTH}`, option);
    }
    const f = (value as Record<string, unknown>)[name];
    if (typeof f !== 'function') {
      throw new OptionsError(`${fn}: option ${option}.${name} must be a function, got ${describeValue(f)}`, `${option}.${name}`);
    }
    out[name] = f as CustomStepFn;
  }
  return Object.freeze(out);
}

/**
 * Checks the functions of custom steps once and returns them as a frozen object with a null
 * prototype, to pass as the `customSteps` option of `fitPipeline`, `fitApplyPipeline` and
 * `applyPipeline`. Optional: those functions take a plain object too and check it the same way;
 * this catches a mistake where the functions are defined rather than where they are first used.
 *
 * @param functions - `{ registeredName: (inputs, nRows) => ({ output: values }) }`
 * @returns a frozen copy, own properties only
 * @throws OptionsError when `functions` is not a plain object, a name is empty or longer than
 *   `MAX_CUSTOM_NAME_LENGTH` (200) characters, or a value is not a function (the option names it: `customSteps.double`)
 * @example
 * const steps = defineCustomSteps({ double: (c, n) => ({ y: Float64Array.from({ length: n }, (_, i) => 2 * c.x![i]!) }) });
 * Object.keys(steps) // => ['double']
 * @category Features
 */
export function defineCustomSteps(functions: Readonly<Record<string, CustomStepFn>>): CustomSteps {
  return readCustomSteps('defineCustomSteps', functions, 'functions');
}

/** The function registered under `name`, looked up as an own property, or undefined. @internal */
export function lookupCustomStep(steps: CustomSteps, name: string): CustomStepFn | undefined {
  return Object.hasOwn(steps, name) ? steps[name] : undefined;
}
