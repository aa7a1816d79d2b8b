/**
 * ANSI styling that disappears when colour is off. Renderers style text only through a Palette, so a renderer
 * called with `color: false` cannot emit an escape code.
 */
export interface Palette {
  readonly enabled: boolean;
  green(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
  boldRed(s: string): string;
  boldGreen(s: string): string;
  boldYellow(s: string): string;
}

const RESET = '\x1b[0m';
const style = (...codes: number[]) => {
  const open = codes.map((c) => `\x1b[${c}m`).join('');
  return (s: string): string => (s === '' ? s : `${open}${s}${RESET}`);
};
const identity = (s: string): string => s;

const COLOUR: Palette = {
  enabled: true,
  green: style(32),
  yellow: style(33),
  red: style(31),
  bold: style(1),
  dim: style(2),
  boldRed: style(1, 31),
  boldGreen: style(1, 32),
  boldYellow: style(1, 33),
};

const PLAIN: Palette = {
  enabled: false,
  green: identity,
  yellow: identity,
  red: identity,
  bold: identity,
  dim: identity,
  boldRed: identity,
  boldGreen: identity,
  boldYellow: identity,
};

export const palette = (color: boolean): Palette => (color ? COLOUR : PLAIN);
