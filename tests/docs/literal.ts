/**
 * A small, safe parser for the right-hand side of `// =>` lines in doc examples.
 *
 * JSON5-like: numbers (signed, decimal, exponent, `_` separators, NaN, Infinity), strings in
 * single or double quotes, arrays, objects with bare or quoted keys, trailing commas,
 * true/false/null/undefined, and typed arrays written as Node prints them (`Int32Array [0, 1]`).
 * It never evaluates code: anything else is a parse error.
 */

const TYPED_ARRAYS = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
} as const;

export class LiteralSyntaxError extends Error {}

export function parseLiteral(text: string): unknown {
  let i = 0;
  const src = text;

  const fail = (what: string): never => {
    throw new LiteralSyntaxError(`parseLiteral: ${what} at ${i} in ${JSON.stringify(src)}`);
  };
  const ws = () => {
    while (i < src.length && /\s/.test(src[i]!)) i++;
  };
  const peek = () => src[i];
  const eat = (ch: string) => {
    ws();
    if (src[i] !== ch) fail(`expected '${ch}'`);
    i++;
  };
  const word = (): string => {
    const m = /^[\p{L}\p{N}_$]+/u.exec(src.slice(i));
    return m ? m[0] : '';
  };

  const parseString = (): string => {
    const quote = src[i]!;
    i++;
    let out = '';
    while (i < src.length && src[i] !== quote) {
      let ch = src[i]!;
      if (ch === '\\') {
        i++;
        const e = src[i];
        if (e === undefined) fail('unterminated escape');
        const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' };
        if (e === 'u') {
          const hex = src.slice(i + 1, i + 5);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
          ch = String.fromCharCode(parseInt(hex, 16));
          i += 4;
        } else {
          ch = simple[e!] ?? e!;
        }
      }
      out += ch;
      i++;
    }
    if (i >= src.length) fail('unterminated string');
    i++;
    return out;
  };

  const parseNumber = (): number => {
    const m = /^[+-]?(Infinity|NaN|(\d[\d_]*)?\.?\d[\d_]*([eE][+-]?\d+)?)/.exec(src.slice(i));
    if (!m || m[0] === '' || m[0] === '-' || m[0] === '+') fail('bad number');
    i += m![0].length;
    return Number(m![0].replace(/_/g, ''));
  };

  const parseArray = (): unknown[] => {
    eat('[');
    const out: unknown[] = [];
    for (;;) {
      ws();
      if (peek() === ']') break;
      out.push(parseValue());
      ws();
      if (peek() === ',') {
        i++;
        continue;
      }
      if (peek() !== ']') fail("expected ',' or ']'");
    }
    i++;
    return out;
  };

  const parseObject = (): Record<string, unknown> => {
    eat('{');
    const out: Record<string, unknown> = {};
    for (;;) {
      ws();
      if (peek() === '}') break;
      let key: string;
      if (peek() === '"' || peek() === "'") key = parseString();
      else {
        key = word();
        if (key === '') fail('expected a key');
        i += key.length;
      }
      eat(':');
      out[key] = parseValue();
      ws();
      if (peek() === ',') {
        i++;
        continue;
      }
      if (peek() !== '}') fail("expected ',' or '}'");
    }
    i++;
    return out;
  };

  const parseValue = (): unknown => {
    ws();
    const ch = peek();
    if (ch === undefined) return fail('unexpected end');
    if (ch === '[') return parseArray();
    if (ch === '{') return parseObject();
    if (ch === '"' || ch === "'") return parseString();
    if (/[-+\d.]/.test(ch)) return parseNumber();
    const w = word();
    const keywords: Record<string, unknown> = { true: true, false: false, null: null, undefined: undefined };
    if (w in keywords) {
      i += w.length;
      return keywords[w];
    }
    if (w === 'NaN' || w === 'Infinity') return parseNumber();
    if (Object.hasOwn(TYPED_ARRAYS, w)) {
      i += w.length;
      ws();
      const items = parseArray();
      if (!items.every((v) => typeof v === 'number')) fail(`${w} items must be numbers`);
      return new TYPED_ARRAYS[w as keyof typeof TYPED_ARRAYS](items as number[]);
    }
    return fail(`unexpected '${ch}'`);
  };

  const value = parseValue();
  ws();
  if (i < src.length) fail('trailing text');
  return value;
}
