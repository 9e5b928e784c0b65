/**
 * CSV text from records, for the CLI's outputs: RFC 4180 quoting, nested objects flattened to
 * dotted headers (`device.brand`), which is how telcokit's readers nest them back.
 */

/** Flattens one level of nested plain objects into dotted keys. */
function flatten(r: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) o[`${k}.${k2}`] = v2;
    } else o[k] = v;
  }
  return o;
}

function field(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = Array.isArray(v) ? v.join('; ') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text (CRLF line ends) with the union of the records' (flattened) keys as header, in first-seen order. */
export function toCsv(records: readonly Readonly<Record<string, unknown>>[]): string {
  const flat = records.map(flatten);
  const header: string[] = [];
  const seen = new Set<string>();
  for (const r of flat) {
    for (const k of Object.keys(r)) {
      if (seen.has(k)) continue;
      seen.add(k);
      header.push(k);
    }
  }
  const lines = [header.map(field).join(',')];
  for (const r of flat) lines.push(header.map((h) => field(r[h])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
