// The engine is built without ICU: no Intl, and Date/Number toLocale*String answer in the C
// locale ("02:08:52", "1234567.891"). Programs print these to users, and tests compare them with
// node, whose default locale is en-US: install() gives the en-US formats of node's defaults for
// dates (in the engine's time zone) and numbers (grouped, at most 3 fraction digits). Explicit
// locales and options other than the default are not interpreted.

const pad = (n) => String(n).padStart(2, '0');

function time(d) {
  const h = d.getHours();
  return `${((h + 11) % 12) + 1}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

function date(d) {
  return `${d.getMonth() + 1}/${d.getDate()}/${d.getFullYear()}`;
}

function grouped(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function number(x) {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  const negative = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  if (abs >= 2 ** 53) {
    // Beyond exact integers, the shortest digits that give the number back, then zeros (as Intl).
    const [mantissa, exponent] = abs.toExponential().split('e');
    const digits = mantissa.replace('.', '');
    const text = grouped(digits.padEnd(Number(exponent) + 1, '0'));
    return negative ? `-${text}` : text;
  }
  const [whole, fraction = ''] = abs.toFixed(3).split('.');
  const trimmed = fraction.replace(/0+$/, '');
  const text = grouped(whole) + (trimmed ? `.${trimmed}` : '');
  return negative ? `-${text}` : text;
}

export function install() {
  if (typeof globalThis.Intl !== 'undefined') return;
  const invalid = (d) => Number.isNaN(d.getTime());
  Object.defineProperties(Date.prototype, {
    toLocaleTimeString: { value: function toLocaleTimeString() { return invalid(this) ? 'Invalid Date' : time(this); }, writable: true, configurable: true },
    toLocaleDateString: { value: function toLocaleDateString() { return invalid(this) ? 'Invalid Date' : date(this); }, writable: true, configurable: true },
    toLocaleString: { value: function toLocaleString() { return invalid(this) ? 'Invalid Date' : `${date(this)}, ${time(this)}`; }, writable: true, configurable: true },
  });
  Object.defineProperty(Number.prototype, 'toLocaleString', {
    value: function toLocaleString() { return number(Number(this)); }, writable: true, configurable: true,
  });
  Object.defineProperty(BigInt.prototype, 'toLocaleString', {
    value: function toLocaleString() { const s = BigInt(this).toString(); return s.startsWith('-') ? `-${grouped(s.slice(1))}` : grouped(s); },
    writable: true, configurable: true,
  });
}
