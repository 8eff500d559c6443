/** What kind of JSON value this is, in words for a log line: `a JSON object`, `null`, `the number 1`. */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a JSON list';
  switch (typeof value) {
    case 'object':
      return 'a JSON object';
    case 'string':
      return 'a JSON string';
    case 'number':
    case 'boolean':
      return `the ${typeof value} ${String(value)}`;
    default:
      return `a ${typeof value}`;
  }
}
