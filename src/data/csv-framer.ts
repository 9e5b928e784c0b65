/**
 * Incremental CSV framing: splits text, fed chunk by chunk, into rows of fields in one pass
 * (every character is looked at once, so a stray quote costs O(n), not a rescan per chunk).
 * RFC 4180 quoting (`""` inside a quoted field is a quote; a quote opens a quoted field only at the
 * start of a field, so `5" screen` is plain text), any mix of `\r\n`, `\n` and lone `\r` line
 * endings, blank lines skipped.
 *
 * A quote that is never closed — at the end of the input, or within {@link MAX_QUOTED_CHARS}
 * characters — makes its row a problem naming the line where the quote opened; reading resumes on
 * the line after it, so one stray quote costs one row, not the rest of the file.
 * @internal
 */

/** The longest quoted field read before its opening quote is taken to be a stray one (1 MiB of text). */
export const MAX_QUOTED_CHARS = 1 << 20;

const QUOTE = 34;
const LF = 10;
const CR = 13;

const START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** Saw `"` inside a quoted field: an escaped quote if the next character is `"`, else the end. */
const QUOTE_IN_QUOTED = 3;
/** A quoted field closed; only a delimiter or a line break may follow. */
const AFTER_QUOTE = 4;

/** One framed row: its fields, the physical line it starts on (1-based) and what is wrong with it. */
export interface FramedRow {
  readonly fields: string[];
  readonly line: number;
  readonly complaint: string | undefined;
}

/** Framing state carried from chunk to chunk. */
export interface CsvFramer {
  readonly delimiter: string;
  state: number;
  fields: string[];
  field: string;
  /** The current row has a quoted field (so a row of one empty field is not a blank line). */
  rowQuoted: boolean;
  /** Physical line (1-based) of the character being read. */
  line: number;
  rowLine: number;
  quoteLine: number;
  /** The fields of the row before the open quoted field (to report it if the quote is stray). */
  complaint: string | undefined;
  /** The previous chunk ended with `\r`: a `\n` starting this chunk belongs to it. */
  cr: boolean;
  /** Re-reading text after a stray quote (no second recovery inside). */
  recovering: boolean;
}

/** A framer for `delimiter` (one or more characters). */
export function createFramer(delimiter: string): CsvFramer {
  return {
    delimiter,
    state: START,
    fields: [],
    field: '',
    rowQuoted: false,
    line: 1,
    rowLine: 1,
    quoteLine: 1,
    complaint: undefined,
    cr: false,
    recovering: false,
  };
}

function endRow(f: CsvFramer, emit: (row: FramedRow) => void): void {
  f.fields.push(f.field);
  f.field = '';
  const blank = f.fields.length === 1 && f.fields[0] === '' && !f.rowQuoted;
  if (!blank) emit({ fields: f.fields, line: f.rowLine, complaint: f.complaint });
  f.fields = [];
  f.rowQuoted = false;
  f.complaint = undefined;
}

/**
 * Reports the row holding a stray quote (its fields so far plus the rest of the quote's line) and
 * re-reads what followed that line as fresh rows.
 */
function recoverStrayQuote(f: CsvFramer, why: string, emit: (row: FramedRow) => void): void {
  const text = f.field;
  const nl = text.indexOf('\n');
  const firstLine = nl < 0 ? text : text.slice(0, nl).replace(/\r$/, '');
  const rest = nl < 0 ? '' : text.slice(nl + 1);
  const quoteLine = f.quoteLine;
  f.field = `"${firstLine}`;
  f.complaint = `${why}: the quote opened on line ${quoteLine} is never closed`;
  f.state = START;
  endRow(f, emit);
  f.line = quoteLine + 1;
  f.rowLine = f.line;
  if (rest.length === 0) return;
  if (f.recovering) {
    // a second stray quote inside re-read text: report the remainder as one row, stay linear
    emit({ fields: [rest], line: f.line, complaint: `malformed CSV: another unclosed quote after line ${quoteLine}` });
    return;
  }
  f.recovering = true;
  feedFramer(f, rest, emit);
  f.recovering = false;
}

/**
 * Frames `text` (the next chunk), calling `emit` for every complete row. Call {@link endFramer}
 * after the last chunk.
 */
export function feedFramer(f: CsvFramer, text: string, emit: (row: FramedRow) => void): void {
  const n = text.length;
  const d = f.delimiter;
  const d0 = d.charCodeAt(0);
  const single = d.length === 1;
  let i = 0;
  if (f.cr) {
    f.cr = false;
    if (n > 0 && text.charCodeAt(0) === LF && f.state === START && f.fields.length === 0) i = 1;
  }
  let mark = i;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    switch (f.state) {
      case QUOTED:
        if (c === QUOTE) {
          f.field += text.slice(mark, i);
          f.state = QUOTE_IN_QUOTED;
        } else if (c === LF) f.line++;
        continue;
      case QUOTE_IN_QUOTED:
        if (c === QUOTE) {
          f.field += '"';
          f.state = QUOTED;
          mark = i + 1;
          continue;
        }
        f.state = AFTER_QUOTE;
        mark = i;
        break;
      case START:
        if (c === QUOTE) {
          f.state = QUOTED;
          f.rowQuoted = true;
          f.quoteLine = f.line;
          mark = i + 1;
          continue;
        }
        f.state = UNQUOTED;
        mark = i;
        break;
      default:
        break;
    }
    // UNQUOTED or AFTER_QUOTE
    if (c === d0 && (single || text.startsWith(d, i))) {
      f.field += text.slice(mark, i);
      f.fields.push(f.field);
      f.field = '';
      i += d.length - 1;
      f.state = START;
      mark = i + 1;
    } else if (c === LF || c === CR) {
      f.field += text.slice(mark, i);
      endRow(f, emit);
      if (c === CR) {
        if (i + 1 < n) {
          if (text.charCodeAt(i + 1) === LF) i++;
        } else f.cr = true;
      }
      f.line++;
      f.rowLine = f.line;
      f.state = START;
      mark = i + 1;
    } else if (f.state === AFTER_QUOTE) {
      f.complaint ??= `malformed CSV: text after the closing quote on line ${f.line}`;
      f.state = UNQUOTED;
    }
  }
  if (f.state === UNQUOTED || f.state === QUOTED) f.field += text.slice(mark, n);
  if (f.state === QUOTED && f.field.length > MAX_QUOTED_CHARS) {
    recoverStrayQuote(f, `malformed CSV: a quoted field longer than ${MAX_QUOTED_CHARS} characters`, emit);
  }
}

/** Ends the input: emits the last row (a still-open quote is reported and what followed re-read). */
export function endFramer(f: CsvFramer, emit: (row: FramedRow) => void): void {
  if (f.state === QUOTED) {
    recoverStrayQuote(f, 'malformed CSV: unterminated quote', emit);
    if (f.state === QUOTED) {
      f.recovering = true;
      recoverStrayQuote(f, 'malformed CSV: unterminated quote', emit);
    }
  }
  if (f.state === START && f.fields.length === 0 && f.field === '') return;
  endRow(f, emit);
  f.state = START;
}
