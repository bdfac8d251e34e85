// Bodies on email channels are rendered with template values HTML-escaped (src/templates, `html:
// true`), so a value can never add markup: whether a body is HTML is decided by the template's own
// text. A body with HTML elements goes out as HTML with a plain-text alternative derived from it; a
// body without any goes out as plain text, its escaped values turned back into characters.

// Elements an author writes on purpose; a bare `a < b > c` in a plain-text body is not markup.
const HTML_ELEMENT =
  /<\/?(?:html|head|body|p|br|div|span|a|b|i|u|em|strong|small|table|thead|tbody|tr|td|th|ul|ol|li|h[1-6]|img|hr|blockquote|pre|code|center|font|section|header|footer|style)\b[^<>]*>|<!doctype html/i;

/** True when the body is written in HTML. */
export function looksLikeHtml(body: string): boolean {
  return HTML_ELEMENT.test(body);
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  euro: '€',
};

/** Decodes character references: the escaper's (`&amp; &lt; &gt; &quot; &#x27; &#x60; &#x3D;`) and common named ones. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const point =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** A readable plain-text rendering of an HTML body, for the text/plain alternative. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<(head|style|script|title)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    // A link keeps its target: "text (https://...)", or the URL alone when the text is the URL.
    .replace(
      /<a\b[^>]*?\bhref\s*=\s*(["'])(.*?)\1[^>]*>([\s\S]*?)<\/a\s*>/gi,
      (_m, _q, href: string, inner: string) => {
        const label = inner.replace(/<[^>]*>/g, '').trim();
        const target = decodeEntities(href);
        return !label || decodeEntities(label) === target ? target : `${label} (${target})`;
      },
    )
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<\/(p|div|h[1-6]|tr|table|ul|ol|blockquote|pre|section|header|footer)\s*>/gi, '\n\n')
    .replace(/<(p|div|h[1-6]|tr|table|ul|ol|blockquote|pre|section|header|footer|hr)\b[^>]*>/gi, '\n')
    .replace(/<\/t[dh]\s*>/gi, '\t')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n[ \t]+/g, '\n')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The text and HTML parts of a rendered body (see the note at the top of this file). */
export function mailBodies(body: string): { text: string; html?: string } {
  if (looksLikeHtml(body)) return { text: htmlToText(body), html: body };
  return { text: decodeEntities(body) };
}
