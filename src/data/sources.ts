/**
 * Text sources for the readers: a string, a web `ReadableStream`, or any (async) iterable of
 * string or byte chunks. Bytes are decoded as UTF-8 (streaming, so multi-byte characters split
 * across chunks survive) and a leading byte-order mark is removed.
 */

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

/** Yields the source as decoded text chunks, BOM removed. @internal */
export async function* textChunks(source: TextSource): AsyncGenerator<string> {
  if (typeof source === 'string') {
    yield source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
    return;
  }
  const it: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string> =
    typeof (source as ReadableStream).getReader === 'function' ? fromReadable(source as ReadableStream<Uint8Array | string>) : (source as AsyncIterable<Uint8Array | string>);
  const decoder = new TextDecoder('utf-8');
  let first = true;
  for await (const chunk of it) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text.length > 0) yield text;
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}
