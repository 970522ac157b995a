// Styling passed into renderers, so the core stays free of terminal concerns.
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  heading(s: string): string;
  good(s: string): string;
  warn(s: string): string;
  bad(s: string): string;
  link(s: string): string;
}

const id = (s: string) => s;
export const plainStyle: Style = { bold: id, dim: id, heading: id, good: id, warn: id, bad: id, link: id };
