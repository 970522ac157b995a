// The 2018 account (shared/seeds/000_d51060a4e43d4ec7.txt) as a saved case, for the print tests:
// an Amazon account taken over at 2 AM (the e-mail address changed, a phone number added), two
// orders and a Prime sign-up sent to a forwarding address, three charges on a Rakuten Card, the
// calls made that night and the next morning with their reference numbers, two pieces of evidence
// and the police consultation's number. Written as the case file the CLI saves (schema 3), so the
// built CLI reads it as a person's own case.

export const ID_2018 = '2026-11-24-amazon-2018';

const FORWARDER = '千葉県市川市塩浜2-13-1 グローバル転送センター 4F（宛名 YAMADA TARO）';

/** The case file's JSON (the schema of test/fixtures/report/incident.json). */
export function case2018(): Record<string, unknown> {
  const at = (hhmm: string, day = '24') => `2026-11-${day}T${hhmm}:00+09:00`;
  const rec = (id: string, hhmm: string, track: number) => ({ id, at: at(hhmm), by: 'command', track });
  return {
    schema: 3,
    id: ID_2018,
    createdAt: at('02:10'),
    updatedAt: at('11:20'),
    lang: 'ja',
    timeZone: 'Asia/Tokyo',
    state: 'open',
    tracks: [
      { playbook: 'amazon', version: 4, title: { ja: 'Amazon', en: 'Amazon' }, state: 'active', addedAt: at('02:10'), startedAt: at('02:10'), answers: {} },
      { playbook: 'rakuten-card', version: 5, title: { ja: '楽天カード', en: 'Rakuten Card' }, state: 'active', addedAt: at('02:10'), startedAt: at('02:30'), answers: {} },
    ],
    active: 0,
    facts: {
      'noticed-at': { value: at('02:00'), at: at('02:12'), track: 0 },
      narrative: {
        value:
          '深夜2時ごろ、Amazonから「アカウントが無断でアクセスされた可能性」というメールが届きました。その少し前に、知らない注文の確認メールと、プライム会員の登録メールが来ていました。サインインするとメールアドレスが知らないものに変えられ、届け先に千葉県の転送センターの住所が追加されていました。支払いは楽天カードで、知らない利用が3件ありました。すぐにAmazonと楽天カードに電話しました。',
        at: at('02:50'),
      },
    },
    waived: {},
    records: {
      cards: [{ ...rec('card-1', '02:31', 1), issuer: 'rakuten-card', last4: '4821', stoppedAt: at('02:41'), reportedAt: at('09:44') }],
      accounts: [{ ...rec('account-1', '02:12', 0), service: 'amazon', name: '山田 太郎', signInEmail: 'taro.yamada@example.jp' }],
      charges: [
        { ...rec('charge-1', '02:33', 1), card: 'card-1', date: '2026-11-24', merchant: 'AMAZON.CO.JP', amount: '32,978', currency: 'JPY', status: 'reported' },
        { ...rec('charge-2', '02:34', 1), card: 'card-1', date: '2026-11-24', merchant: 'AMAZON.CO.JP', amount: '20,000', currency: 'JPY', status: 'reported' },
        { ...rec('charge-3', '02:35', 1), card: 'card-1', date: '2026-11-24', merchant: 'AMAZON PRIME', amount: '600', currency: 'JPY', status: 'reported' },
      ],
      orders: [
        { ...rec('order-1', '02:20', 0), account: 'account-1', number: '503-2231234-1234567', date: at('01:48'), items: 'ゲーム機 本体', amount: '32,978', currency: 'JPY', address: FORWARDER },
        {
          ...rec('order-2', '02:21', 0),
          account: 'account-1',
          number: '503-7788123-7654321',
          date: at('01:52'),
          items: 'ギフトカード 20,000円分',
          amount: '20,000',
          currency: 'JPY',
          address: FORWARDER,
        },
        { ...rec('order-3', '02:22', 0), account: 'account-1', number: 'プライム会員', date: at('01:55'), items: 'Amazonプライム', amount: '600', currency: 'JPY', subscription: true },
      ],
      traces: [
        { ...rec('trace-1', '02:15', 0), what: 'change', value: 'wang.li.8823@163.com', label: '登録メールアドレス', on: 'account-1' },
        { ...rec('trace-2', '02:16', 0), what: 'address', value: FORWARDER, label: '追加された届け先', on: 'account-1' },
        { ...rec('trace-3', '02:17', 0), what: 'phone', value: '+86 131 2345 6789', label: '追加された電話番号', on: 'account-1' },
        { ...rec('trace-4', '02:18', 0), what: 'sign-in', value: '中国・上海（Amazonの通知より）', when: at('01:41') },
      ],
      calls: [
        {
          ...rec('call-1', '02:30', 0),
          desk: 'amazon-customer-service',
          channel: 'phone:0120-999-373',
          start: at('02:05'),
          end: at('02:24'),
          who: '佐藤',
          reference: 'AMZ-20261124-0042',
          promised: '注文2件を取り消し、パスワードを無効にしました',
        },
        {
          ...rec('call-2', '02:45', 1),
          desk: 'rakuten-card-lost-stolen',
          channel: 'phone:0120-86-6910',
          start: at('02:38'),
          end: at('02:44'),
          reference: 'RC-LS-118273',
          promised: 'カードを止め、再発行します',
          about: 'card-1',
        },
        {
          ...rec('call-3', '09:50', 1),
          desk: 'rakuten-card-contact-center',
          channel: 'phone:0570-66-6910',
          start: at('09:35'),
          end: at('09:48'),
          who: '鈴木',
          reference: 'RC-88123',
          promised: '補償の書類を郵送します',
          about: 'card-1',
        },
      ],
      reports: [{ ...rec('report-1', '11:20', 1), body: 'police', station: '警視庁 新宿警察署', reference: '令和8年第2041号' }],
      evidence: [
        {
          ...rec('evidence-1', '02:52', 0),
          description: 'Amazonの通知メール（注文確認・アカウント停止）',
          stored: 'evidence-1-amazon-mail.png',
          originalName: 'amazon-mail.png',
          size: 48213,
          sha256: 'a3'.repeat(32),
        },
        { ...rec('evidence-2', '02:53', 1), description: '楽天e-NAVIの利用明細の画面', stored: 'evidence-2-e-navi.png', originalName: 'e-navi.png', size: 61877, sha256: '5f'.repeat(32) },
      ],
    },
    followUps: [],
    clocks: [],
    notes: [],
    events: [{ at: at('02:10'), type: 'started', detail: 'amazon,rakuten-card' }],
  };
}
