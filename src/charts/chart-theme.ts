/**
 * Colours and sizes of the stats picture.
 *
 * Discord shows an attachment about 400 px wide, and in either a dark (#313338) or a light
 * (#ffffff) theme. So the picture is laid out at 400 × ~360 CSS pixels (rendered at 2× for
 * sharp text): nothing is shrunk below its design size, and a wider-than-tall shape is not
 * scaled down by Discord's height limit. It is an opaque card in its own dark colours, with
 * a thin light border: it stands apart from the dark theme's background, reads as a dark
 * panel on the light theme, and its text contrast (about 15:1 for text, 9:1 for muted text)
 * does not depend on either.
 *
 * Bar colours are from the Okabe–Ito palette, chosen to stay distinct for the common forms of
 * colour blindness; one hue per chart, so no meaning is carried by colour alone (every bar is
 * labelled), and each is at least 3:1 against the card.
 */
export const THEME = {
  background: '#1e1f22',
  border: '#6d6f78',
  text: '#f2f3f5',
  muted: '#b5bac1',
  grid: '#3f4147',
  periods: '#56b4e9', // sky blue
  organizations: '#e69f00', // orange
  mix: '#cc79a7', // reddish purple
  /** Horizontal bars sit under their labels, so they are drawn at this opacity (white text on them stays above 5:1). */
  rowBarOpacity: 0.5,
  /** A period holding only part of its days (still running, or cut by `since`) is drawn fainter. */
  partialOpacity: 0.4,
} as const;

export const SIZE = {
  width: 400,
  /** Output pixels per layout pixel. */
  scale: 2,
  padding: 12,
  titleFont: 15,
  subtitleFont: 11,
  panelTitleFont: 12,
  labelFont: 11,
  axisFont: 10,
  noteFont: 10,
  /** Height of the papers-per-period plot, without its title and axis labels. */
  periodPlotHeight: 92,
  rowHeight: 15,
  rowBarHeight: 13,
  columnGap: 14,
} as const;
