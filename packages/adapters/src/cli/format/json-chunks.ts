/**
 * `JSON.stringify(value, null, 2) + '\n'` in pieces: the object's array fields element by element, so
 * a run of 100,000 units never builds its 60 MB of output as one string (measured in issue 20: the
 * whole string, then its copy into a buffer, were a tenth of `assess --format json`). The bytes are
 * the same as the one-string form.
 */
export function* jsonChunks(value: Readonly<Record<string, unknown>>, chunkChars = 1 << 20): Generator<string> {
  const keys = Object.keys(value).filter((k) => value[k] !== undefined && typeof value[k] !== 'function');
  if (keys.length === 0) {
    yield '{}\n';
    return;
  }
  let text = '{';
  for (const [i, key] of keys.entries()) {
    text += `\n  ${JSON.stringify(key)}: `;
    const field = value[key];
    if (Array.isArray(field) && field.length > 0) {
      text += '[';
      for (const [j, item] of field.entries()) {
        // An element at depth 2: JSON.stringify indents its inner lines from 0, so add four spaces.
        const inner = JSON.stringify(item === undefined || typeof item === 'function' ? null : item, null, 2) ?? 'null';
        text += `\n    ${inner.replaceAll('\n', '\n    ')}${j < field.length - 1 ? ',' : ''}`;
        if (text.length >= chunkChars) {
          yield text;
          text = '';
        }
      }
      text += '\n  ]';
    } else text += (JSON.stringify(field, null, 2) ?? 'null').replaceAll('\n', '\n  ');
    if (i < keys.length - 1) text += ',';
  }
  yield `${text}\n}\n`;
}
