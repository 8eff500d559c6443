/**
 * The few parts of opentype.js 2 the charts use (the package ships no types, and
 * @types/opentype.js describes 1.x).
 */
declare module 'opentype.js' {
  export interface Glyph {
    index: number;
    advanceWidth?: number;
  }
  export interface Font {
    unitsPerEm: number;
    charToGlyph(char: string): Glyph;
  }
  const opentype: { parse(buffer: ArrayBuffer): Font };
  export default opentype;
}
