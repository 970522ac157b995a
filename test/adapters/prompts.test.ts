// The terminal input under the prompts, with the bytes a terminal really sends: a paste arrives
// in pieces that may cut a character's UTF-8 bytes in two, keys arrive one by one.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { TerminalInput } from '../../src/adapters/prompts.ts';

/** A stand-in for process.stdin: it emits the Buffers given, as a terminal would. */
class FakeTerminal extends EventEmitter {
  resume() {
    return this;
  }
  pause() {
    return this;
  }
  setRawMode() {
    return this;
  }
}

function feed(pieces: Buffer[]): { pasted: string[]; keys: string } {
  const term = new FakeTerminal();
  const input = new TerminalInput(term as never);
  const pasted: string[] = [];
  let keys = '';
  input.onPaste = (t) => pasted.push(t);
  input.on('data', (d: Buffer) => (keys += d.toString('utf8')));
  for (const p of pieces) term.emit('data', p);
  input.dispose();
  return { pasted, keys };
}

describe('TerminalInput', () => {
  it('a Japanese paste cut in the middle of a character arrives whole (no "�")', () => {
    const text = 'カードの明細に知らない利用がありました。'.repeat(50);
    const bytes = Buffer.from(text, 'utf8');
    // cut at every 1,000 bytes: 1,000 is not a multiple of 3, so most cuts split a character
    const pieces = Array.from({ length: Math.ceil(bytes.length / 1000) }, (_, i) => bytes.subarray(i * 1000, (i + 1) * 1000));
    const { pasted } = feed(pieces);
    expect(pasted.join('')).toBe(text);
    expect(pasted.join('')).not.toContain('\ufffd');
  });

  it('keys typed one by one pass through untouched, a multi-byte key too', () => {
    const { pasted, keys } = feed([Buffer.from('a'), Buffer.from('\r'), ...[...Buffer.from('あ')].map((b) => Buffer.from([b]))]);
    expect(pasted).toEqual([]);
    expect(keys).toBe('a\rあ');
  });
});
