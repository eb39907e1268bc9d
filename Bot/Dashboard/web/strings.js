// The page's words in English and French (strings.en.json, strings.fr.json, bundled by esbuild); plural forms through
// Intl.PluralRules (French counts 0 and 1 as "one").
import en from './strings.en.json';
import fr from './strings.fr.json';

export const strings = { en, fr };

export function languageOf(locale) {
  return (locale || '').toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function texts(language, locale) {
  const table = strings[language] || strings.en;
  const plural = new Intl.PluralRules(locale);
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => (k in values ? values[k] : `{${k}}`));
  return {
    t: (key, values = {}) => fill(table[key] ?? key, values),
    n: (key, n, values = {}) => {
      const forms = table[key];
      return fill(forms[plural.select(n)] ?? forms.other, { n: new Intl.NumberFormat(locale).format(n), ...values });
    },
    of: (group, key) => (table[group] && table[group][key]) || key,
  };
}
