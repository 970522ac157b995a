// The recovery chain as a small tree for `status`: each account that resets others, with what it
// resets under it. In the plain (accessible) form each link is a sentence instead. Pure.
import type { ChainNode } from '../case/chain.ts';
import type { Translate } from './messages/index.ts';

export interface ChainWords {
  name: (n: ChainNode) => string;
  /** names joined as the language joins them */
  list: (names: string[]) => string;
  t: Translate;
}

export function chainLines(nodes: readonly ChainNode[], w: ChainWords, opts: { plain?: boolean } = {}): string[] {
  const { name } = w;
  if (opts.plain) return sentences(nodes, w);
  const out: string[] = [];
  const walk = (node: ChainNode, prefix: string) => {
    node.children.forEach((child, i) => {
      const last = i === node.children.length - 1;
      out.push(`${prefix}${last ? '└─ ' : '├─ '}${name(child)}`);
      walk(child, `${prefix}${last ? '   ' : '│  '}`);
    });
  };
  for (const root of nodes) {
    out.push(name(root));
    walk(root, '');
  }
  return out;
}

function sentences(nodes: readonly ChainNode[], { name, list, t }: ChainWords): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (node: ChainNode) => {
    if (!node.children.length || seen.has(node.account.id)) return;
    seen.add(node.account.id);
    out.push(t('status.chainSentence', { from: name(node), to: list(node.children.map(name)) }));
    node.children.forEach(walk);
  };
  nodes.forEach(walk);
  return out;
}
