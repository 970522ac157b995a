// What the accessible mode says instead of the marks that only help the eye.
import { describe, expect, it } from 'vitest';
import { forSpeech } from '../../../src/core/text/speech.ts';

const en = { saved: 'Saved:', caution: 'Caution:', then: ', then ' };
const ja = { saved: '保存しました：', caution: '注意：', then: '、次に' };

describe('forSpeech', () => {
  it.each([
    [en, '✔ Did you open a link? Yes', 'Saved: Did you open a link? Yes'],
    [en, '✔ Saved: Cards card-1', 'Saved: Cards card-1'],
    [en, '⚠ Find the number on the back of your card.', 'Caution: Find the number on the back of your card.'],
    [en, 'Open Settings → Security → Devices.', 'Open Settings, then Security, then Devices.'],
    [en, '\u001b[32m✔\u001b[39m Did you open a link? Yes', '\u001b[32mSaved: \u001b[39mDid you open a link? Yes'],
    [en, '   → Rakuten Card contact center', '   Rakuten Card contact center'],
    [en, '■ Police consultation line (#9110)', 'Police consultation line (#9110)'],
    [en, '\u001b[1m■ Police consultation line\u001b[22m', '\u001b[1mPolice consultation line\u001b[22m'],
    [en, '  1. ☎ Call the card desk', '  1. Call the card desk'],
    [ja, '✔ 保存しました：カード card-1', '保存しました：カード card-1'],
    [ja, 'My SoftBank →「回線停止・解除」→「変更」', 'My SoftBank、次に「回線停止・解除」、次に「変更」'],
    [ja, '⚠ 番号は公式アプリで確かめます。', '注意：番号は公式アプリで確かめます。'],
    // the words themselves are left alone
    [en, 'A → B is an arrow only between places; 5 > 3 stays', 'A, then B is an arrow only between places; 5 > 3 stays'],
  ])('%#: %s', (words, text, said) => {
    expect(forSpeech(text, words)).toBe(said);
  });
});
