// Seeded randomness and playbook mutations, shared by the tests and the fault harness, so a
// failure can be replayed with its seed.

/** A small seeded generator (xorshift32): numbers in [0, 1). */
export function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

/** Pieces of YAML and text that break parsers: anchors, aliases, merge keys, tags, quotes, controls. */
export const PIECES = [
  '&a ',
  '*a',
  '<<: *a',
  '? ',
  ': ',
  '- ',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '#',
  '|',
  '>',
  '!!str ',
  '!!binary ',
  '%YAML 1.2\n',
  '---\n',
  '...\n',
  '\t',
  '\n  ',
  'next: ',
  'kind: question',
  'options: []',
  '\u001b',
  '\u0000',
  'ä',
  '𠮷',
  '  - id: x\n    kind: end\n    title: {ja: a, en: b}\n',
];

/** One to four random edits: insert a piece, cut some characters, repeat a stretch, change one character. */
export function mutate(text, random) {
  const edits = 1 + Math.floor(random() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * text.length);
    const op = random();
    if (op < 0.4) text = text.slice(0, at) + PIECES[Math.floor(random() * PIECES.length)] + text.slice(at);
    else if (op < 0.7) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 20));
    else if (op < 0.85) text = text.slice(0, at) + text.slice(at, at + 40).repeat(1 + Math.floor(random() * 50)) + text.slice(at);
    else text = text.slice(0, at) + String.fromCharCode(Math.floor(random() * 0x3000)) + text.slice(at + 1);
  }
  return text;
}
