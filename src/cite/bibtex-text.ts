/**
 * Text for a braced BibTeX field that LaTeX prints as written.
 *
 * - The characters BibTeX or LaTeX read specially become braced commands:
 *   `{\%}`, `{\&}`, `{\$}`, `{\#}`, `{\_}`, `{\textbraceleft}`, `{\textbraceright}`,
 *   `{\textbackslash}`, `{\textasciicircum}`, `{\textasciitilde}`, and `{\textless}`,
 *   `{\textgreater}`, `{\textbar}`, which LaTeX's default OT1 fonts would print as `¡`, `¿`
 *   and `—` (and a BibTeX parser decodes so, as the round-trip test found). Each is its own brace
 *   group, so the field's braces always balance (BibTeX counts braces without looking at
 *   backslashes, so `\{` alone would unbalance it), and in a name list each counts as one
 *   letter, as BibTeX expects of a "special character".
 * - LaTeX ligatures are broken with an empty group, so `--` stays two hyphens instead of
 *   an en dash, and likewise `` `` ``, `''`, `,,`, `` ?` `` and `` !` ``.
 * - Everything else, Unicode included, is kept: arXiv's own export writes names such as
 *   `Poličar` as UTF-8, and biber or BibTeX with `inputenc` read them.
 */
export function escapeBibtexText(text: string): string {
  return text.replace(/[\\{}%&$#_^~<>|]/g, (char) => `{${LATEX_ESCAPES[char] ?? char}}`).replace(/([-`',])(?=\1)|([?!])(?=`)/g, '$1$2{}');
}

const LATEX_ESCAPES: Record<string, string> = {
  '\\': '\\textbackslash',
  '{': '\\textbraceleft',
  '}': '\\textbraceright',
  '%': '\\%',
  '&': '\\&',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '^': '\\textasciicircum',
  '~': '\\textasciitilde',
  '<': '\\textless',
  '>': '\\textgreater',
  '|': '\\textbar',
};
