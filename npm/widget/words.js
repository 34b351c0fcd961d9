// The widget's words in a language: the table of every language (STRINGS), and `words(lang)`,
// which picks a language's words and formats what goes into them (numbers, sizes, durations,
// dates) with Intl, in that language.
import en from './strings/en.js';
import fr from './strings/fr.js';

/**
 * Every word the widget shows or announces, by language (a BCP 47 tag or its language). A
 * value may be text with `{name}` values, an object of plural forms, or a function of the
 * values. A page can add a language (`STRINGS.de = {…}`, missing words fall back to English)
 * or override words on one widget with its `strings` property.
 */
export const STRINGS = { en, fr };

const SIZE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'];

/**
 * The words for `lang` (a BCP 47 tag; English when absent, unknown or without a table), with
 * `strings` over them: `t(key, values)`, and Intl formatters for what goes into them.
 */
export function words(lang, strings) {
  let locale = 'en';
  try {
    locale = Intl.getCanonicalLocales(lang || 'en')[0];
  } catch {}
  const table = { ...STRINGS.en, ...STRINGS[locale.split('-')[0].toLowerCase()], ...STRINGS[locale], ...strings };
  const plural = new Intl.PluralRules(locale);
  const number = (n, options) => new Intl.NumberFormat(locale, options).format(n);
  const unit = (n, unit, unitDisplay = 'short', maximumFractionDigits = 0) =>
    number(n, { style: 'unit', unit, unitDisplay, maximumFractionDigits });
  const t = (key, values = {}) => {
    let text = table[key] ?? key;
    if (typeof text === 'function') return String(text(values, locale));
    if (typeof text === 'object') text = text[plural.select(values.count)] ?? text.other;
    return text.replace(/\{(\w+)\}/g, (_, name) => (typeof values[name] === 'number' ? number(values[name]) : values[name] ?? ''));
  };
  /**
   * Bytes with the locale's unit ("7.8 MB", "7,8 Mo"); `per` = "-per-second" for a speed.
   *
   * The widget's one convention for sizes: decimal units, kB = 1000 bytes, MB = 1000² (10^6),
   * GB = 1000³, as the file pickers and file managers of macOS, iOS and Android show a file's
   * size (and as the project's benchmark counts MB/s), and as Intl names them: its `megabyte`
   * is the only unit it has (no mebibyte). So 7,750,844 bytes are "7.8 MB". `max-size` is read
   * in the same units (format.js).
   */
  t.size = (bytes, per = '') => {
    if (!Number.isFinite(bytes)) return '';
    let step = 0;
    // A step up where the rounded number would show 1000 (999,999 bytes: "1 MB", not "1,000 kB").
    while (bytes >= 999.5 && step < 4) {
      bytes /= 1000;
      step++;
    }
    return unit(bytes, SIZE_UNITS[step] + per, step ? 'short' : 'long', step && bytes < 9.95 ? 1 : 0);
  };
  /** "1 min 5 sec", or in long units ("1 minute 5 seconds"). */
  t.duration = (seconds, display) => {
    const s = Math.max(1, Math.round(seconds));
    const parts = s < 60 ? [[s, 'second']] : s < 3600 ? [[s / 60, 'minute'], [s % 60, 'second']] : [[s / 3600, 'hour'], [(s / 60) % 60, 'minute']];
    return parts
      .map(([n, name]) => [Math.floor(n), name])
      .filter(([n], i) => n || !i)
      .map(([n, name]) => unit(n, name, display))
      .join(' ');
  };
  t.percent = (fraction) => number(fraction, { style: 'percent' });
  t.ago = (ms) => {
    const s = Math.max(0, ms) / 1000;
    const [n, name] = s < 60 ? [s, 'second'] : s < 3600 ? [s / 60, 'minute'] : [s / 3600, 'hour'];
    return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-Math.floor(n), name);
  };
  t.date = (ms) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
  t.or = (list) => new Intl.ListFormat(locale, { type: 'disjunction' }).format(list);
  return t;
}
