// The one sanitiser for everything printed from files and typed text: nothing that can act on a
// terminal (escape sequences, control characters) or disguise text (bidi controls, zero-width).
import { describe, expect, it } from 'vitest';
import { cleanTyped, describeCharacter, sanitize, UNSAFE_CHARACTER } from '../../../src/core/text/sanitize.ts';

const ESC = '\u001b';
const BEL = '\u0007';

describe('sanitize', () => {
  it.each([
    ['a CSI colour', `${ESC}[31mred${ESC}[0m`, 'red'],
    ['a cursor move and clear', `${ESC}[2J${ESC}[1;1Hhi`, 'hi'],
    ['an OSC 8 hyperlink ended by ESC \\', `${ESC}]8;;https://evil.example${ESC}\\click${ESC}]8;;${ESC}\\`, 'click'],
    ['an OSC 8 hyperlink ended by BEL', `${ESC}]8;;https://evil.example${BEL}click${ESC}]8;;${BEL}`, 'click'],
    ['a window title', `${ESC}]0;pwned${BEL}text`, 'text'],
    ['two-byte escapes', `${ESC}Ma${ESC}Nb`, 'ab'],
    ['an 8-bit CSI and other C1 codes', 'a\u009b\u0085b', 'ab'],
    ['NUL, backspace and DEL', 'a\u0000b\u0008c\u007f', 'abc'],
    ['bidi overrides', 'invoice\u202egnp.exe\u202c and \u2066x\u2069', 'invoicegnp.exe and x'],
    ['tabs and newlines (kept)', 'a\tb\nc', 'a\tb\nc'],
    ['Japanese text (kept)', '不審なメール：ｶﾀｶﾅ', '不審なメール：ｶﾀｶﾅ'],
  ])('removes %s', (_name, input, output) => {
    expect(sanitize(input)).toBe(output);
  });

  it.each([`${ESC}c`, `${ESC}7`, `${ESC}8`, `${ESC}]8;;unterminated`, '\u009b31m'])('leaves no escape character from %j', (seq) => {
    const out = sanitize(`a${seq}b`);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(out.startsWith('a')).toBe(true);
    expect(out.endsWith('b')).toBe(true);
  });
});

describe('sanitize, the attacks of a hostile playbook', () => {
  it.each([
    ['an OSC 52 clipboard write', `${ESC}]52;c;ZWNobyBoaQ==${BEL}text`, 'text'],
    ['a title set ended by ST', `${ESC}]2;title${ESC}\\text`, 'text'],
    ['a DCS string', `${ESC}Pq#0;2;0;0;0${ESC}\\text`, 'text'],
    ['clear screen and home', `${ESC}[2J${ESC}[Hok`, 'ok'],
    ['a bell', `ding${BEL}`, 'ding'],
    ['zero-width characters', 'pay\u200bpal \u2060x\ufeff', 'paypal x'],
    ['a right-to-left override', 'a\u202eb', 'ab'],
    ['CRLF', 'a\r\nb\rc', 'a\nb\nc'],
  ])('%s', (_name, input, output) => {
    expect(sanitize(input)).toBe(output);
    expect(UNSAFE_CHARACTER.test(sanitize(input))).toBe(false);
  });

  it('cleanTyped trims as well', () => {
    expect(cleanTyped(`  x${ESC}[31m  `)).toBe('x');
  });

  it('names a character for an error message', () => {
    expect(describeCharacter('\u001b')).toBe('U+001B (ESC)');
    expect(describeCharacter('\u202e')).toBe('U+202E (RIGHT-TO-LEFT OVERRIDE)');
    expect(describeCharacter('\u0085')).toBe('U+0085');
  });
});
