// The engine is built without ICU, so it has no Intl and answers Date/Number toLocale*String in
// the C locale. target/bundle/intl.js (FormatJS's polyfills, English data) provides Intl; here the
// toLocale*String methods become what they are in node: Intl formats with the given locales and
// options, and the date/time components each method shows by default. Formatters for the calls
// without arguments are made once.

const DATE_FIELDS = ['weekday', 'era', 'year', 'month', 'day', 'dateStyle'];
const TIME_FIELDS = ['dayPeriod', 'hour', 'minute', 'second', 'fractionalSecondDigits', 'timeStyle'];
const DATE_DEFAULTS = { year: 'numeric', month: 'numeric', day: 'numeric' };
const TIME_DEFAULTS = { hour: 'numeric', minute: 'numeric', second: 'numeric' };

function dateOptions(options, required, defaults) {
  const o = options === undefined ? {} : Object(options);
  const has = (fields) => fields.some((f) => o[f] !== undefined);
  if (required === 'date' && has(DATE_FIELDS)) return o;
  if (required === 'time' && has(TIME_FIELDS)) return o;
  if (required === 'any' && (has(DATE_FIELDS) || has(TIME_FIELDS) || o.timeZoneName !== undefined)) return o;
  return { ...o, ...defaults };
}

export function install() {
  const Intl = globalThis.Intl;
  const cached = new Map();
  const formatter = (key, make) => cached.get(key) ?? cached.set(key, make()).get(key);
  const dateMethod = (name, required, defaults) => ({
    value: {
      [name](locales, options) {
        if (Number.isNaN(this.getTime())) return 'Invalid Date';
        const f = locales === undefined && options === undefined
          ? formatter(name, () => new Intl.DateTimeFormat(undefined, defaults))
          : new Intl.DateTimeFormat(locales, dateOptions(options, required, defaults));
        return f.format(this);
      },
    }[name],
    writable: true,
    configurable: true,
  });
  Object.defineProperties(Date.prototype, {
    toLocaleString: dateMethod('toLocaleString', 'any', { ...DATE_DEFAULTS, ...TIME_DEFAULTS }),
    toLocaleDateString: dateMethod('toLocaleDateString', 'date', DATE_DEFAULTS),
    toLocaleTimeString: dateMethod('toLocaleTimeString', 'time', TIME_DEFAULTS),
  });
  const numberMethod = (convert) => ({
    value: function toLocaleString(locales, options) {
      const f = locales === undefined && options === undefined
        ? formatter('number', () => new Intl.NumberFormat())
        : new Intl.NumberFormat(locales, options);
      return f.format(convert(this));
    },
    writable: true,
    configurable: true,
  });
  Object.defineProperty(Number.prototype, 'toLocaleString', numberMethod(Number));
  Object.defineProperty(BigInt.prototype, 'toLocaleString', numberMethod(BigInt));
}
