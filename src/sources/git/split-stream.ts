/**
 * Splits a byte stream into records ending in `separator` (newline, or NUL for `-z` output)
 * without decoding, so paths keep their exact bytes. A final record without a separator is
 * still returned.
 */
export async function* splitStream(stream: AsyncIterable<Buffer>, separator = 10): AsyncGenerator<Buffer> {
  let rest: Buffer | undefined;
  for await (const chunk of stream) {
    let start = 0;
    let end = chunk.indexOf(separator, start);
    if (end !== -1 && rest) {
      yield Buffer.concat([rest, chunk.subarray(0, end)]);
      rest = undefined;
      start = end + 1;
      end = chunk.indexOf(separator, start);
    }
    while (end !== -1) {
      yield chunk.subarray(start, end);
      start = end + 1;
      end = chunk.indexOf(separator, start);
    }
    if (start < chunk.length)
      rest = rest ? Buffer.concat([rest, chunk.subarray(start)]) : chunk.subarray(start);
  }
  if (rest && rest.length > 0) yield rest;
}
