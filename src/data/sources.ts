/**
 * Text sources for the readers: a string, a web `ReadableStream`, or any (async) iterable of
 * string or byte chunks. Bytes are decoded strictly as UTF-8, or the `encoding` given (streaming, so multi-byte characters split
 * across chunks survive) and a leading byte-order mark is removed.
 */
import { DataError, OptionsError } from '../errors.js';

/** What the readers accept as input. @category Data */
export type TextSource =
  | string
  | ReadableStream<Uint8Array | string>
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>;

async function* fromReadable(stream: ReadableStream<Uint8Array | string>): AsyncGenerator<Uint8Array | string> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * A `TextDecoder` for `encoding` that throws on malformed bytes (`fatal`), or a DataError naming
 * the function when the runtime does not know the encoding.
 */
function fatalDecoder(encoding: string, fn: string): TextDecoder {
  try {
    return new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new OptionsError(`${fn}: encoding ${JSON.stringify(encoding)} is not supported by this runtime's TextDecoder (try 'utf-8', 'gb18030', 'gbk', 'big5', 'utf-16le')`, 'encoding');
  }
}

/**
 * Yields the source as decoded text chunks, BOM removed. Bytes are decoded strictly: bytes that
 * are not valid in `encoding` (default UTF-8) are a DataError naming the byte offset of the chunk —
 * never U+FFFD replacement characters — and for UTF-8 the message suggests `encoding: 'gb18030'`,
 * the usual encoding of Chinese billing exports.
 * @internal
 */
export async function* textChunks(source: TextSource, fn = 'readCsv', encoding = 'utf-8'): AsyncGenerator<string> {
  if (typeof source === 'string') {
    yield source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
    return;
  }
  if (source === null || typeof source !== 'object' || (typeof (source as ReadableStream).getReader !== 'function' && typeof (source as Iterable<unknown>)[Symbol.iterator] !== 'function' && typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function')) {
    throw new DataError(`${fn}: expected text, a ReadableStream or an iterable of chunks, got ${source === null ? 'null' : typeof source}`);
  }
  const it: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string> =
    typeof (source as ReadableStream).getReader === 'function' ? fromReadable(source as ReadableStream<Uint8Array | string>) : (source as AsyncIterable<Uint8Array | string>);
  const decoder = fatalDecoder(encoding, fn);
  let first = true;
  let offset = 0;
  const decode = (chunk: Uint8Array | undefined): string => {
    try {
      return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
    } catch {
      const hint = decoder.encoding === 'utf-8' ? "; Chinese billing exports are often GBK/GB18030: pass encoding: 'gb18030'" : '';
      throw new DataError(`${fn}: the input is not valid ${decoder.encoding} (in the bytes ${offset}..${offset + (chunk?.length ?? 0)})${hint}`);
    }
  };
  for await (const chunk of it) {
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
      throw new DataError(`${fn}: chunks must be strings or Uint8Arrays, got ${chunk === null ? 'null' : typeof chunk}`);
    }
    let text = typeof chunk === 'string' ? chunk : decode(chunk);
    if (typeof chunk !== 'string') offset += chunk.length;
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text.length > 0) yield text;
  }
  const tail = decode(undefined);
  if (tail.length > 0) yield tail;
}
