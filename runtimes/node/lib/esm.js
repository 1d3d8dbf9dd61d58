// ES module -> CommonJS-style transform, done by the loader when a module is
// loaded (dynamic `import()` traps under StarlingMonkey, so the engine's own
// module loader cannot be used for the user's files).
//
// A small tokenizer (strings, templates, comments, regular expressions) finds
// the top-level `import`/`export` declarations; they are blanked out in place
// (so that line numbers stay right) and replaced by a prefix, on the first
// line, that does what the declarations do:
//
//   __fx.exp({ name: () => local, ... });   // exports, as live getters
//   const __fabricks_m0 = __fx.imp("spec"); // each module request, in order
//   __fx.bind(__fabricks_m0, ["a", "b"]);   // imported bindings: b is live, a getter of a
//   const ns = __fabricks_m2;               // import * as ns
//   __fx.star(__fabricks_m1);               // export * from
//
// `import.meta` becomes `__fx.meta` and `import(...)` becomes `__fx.dyn(...)`
// (also in CommonJS files). The loader supplies `__fx`.
//
// Imported bindings are live, as in real ES modules: the loader runs a module
// that imports names inside `with (bindings)`, whose properties are getters
// reading the exporter's own variables when the code uses them, and the module
// body itself in a strict function within (`live` in the result). So an
// importer sees later reassignments of an exported `let`, an import cycle
// works as long as nothing reads a binding before its module has set it (a
// TDZ ReferenceError then, as in Node), inner declarations shadow imports, and
// assigning to an import throws a TypeError. Known difference: `export *` copies
// the names the other module has when it is imported.

const KEYWORDS_BEFORE_EXPR = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void',
  'throw', 'case', 'do', 'else', 'yield', 'await']);
// Tokens after which a newline does not end an expression.
const NO_END_BEFORE = new Set(['.', '?.', '(', '[', '+', '-', '*', '/', '%', '**', '=', '==', '===', '!=', '!==',
  '<', '>', '<=', '>=', '&&', '||', '??', '&', '|', '^', '?', ':', ',', '=>', '<<', '>>', '>>>']);

// One token per match, scanned by the regular-expression engine (much faster
// than a character loop in an interpreter). Groups: 1 spaces, 2 newline,
// 3 line comment, 4 block comment, 5 string, 6 name, 7 number, 8 punctuator
// (any other single character included: / ` { } ( ) [ ] get special care).
const TOKEN = /([ \t\v\f\u00a0\ufeff]+)|(\r\n?|[\n\u2028\u2029])|(\/\/.*)|(\/\*[\s\S]*?(?:\*\/|$))|("(?:[^"\\\n]|\\[\s\S])*"?|'(?:[^'\\\n]|\\[\s\S])*'?)|((?:[A-Za-z_$#\u0080-\uffff]|\\u[\da-fA-F{}]+)(?:[\w$\u0080-\uffff]|\\u[\da-fA-F{}]+)*)|((?:0[xXoObB][\da-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)n?)|(>>>=|\.\.\.|===|!==|\*\*=|<<=|>>=|>>>|&&=|\|\|=|\?\?=|=>|==|!=|<=|>=|&&|\|\||\?\?|\?\.(?!\d)|\+\+|--|\+=|-=|\*=|%=|&=|\|=|\^=|\*\*|<<|>>|[\s\S])/y;
// Template characters up to the closing ` or the next ${ (group 1).
const TEMPLATE = /(?:[^`\\$]|\\[\s\S]|\$(?!\{))*(`|\$\{)?/y;
// A regular expression literal after its opening /: body, then flags.
const REGEX = /(?:[^\\/[\n\r]|\\.|\[(?:[^\]\\\n\r]|\\.)*\]?)*(?:\/[\w$]*)?/y;

/**
 * Splits `src` into tokens {t: type, v: text, s: start, e: end, d: depth, nl: newline before}.
 * Types: name, punct, string (also templates without substitutions), template
 * (pieces of a template with substitutions), regex, number. Comments are
 * skipped. `d` is the bracket depth: openers and closers carry the depth
 * outside them, so top-level tokens have d === 0. Openers have o = true,
 * closers c = true (template pieces count as both as needed).
 */
export function tokenize(src) {
  const toks = [];
  let depth = 0;
  const templates = []; // depths at which a template substitution is open
  let nl = false, prev = null;
  const n = src.length;
  const push = (t, v, s, e, o, c) => {
    const tok = { t, v, s, e, d: depth, nl, o, c };
    toks.push(tok);
    prev = tok;
    nl = false;
  };
  const regexAllowed = () => {
    if (!prev) return true;
    if (prev.t === 'punct') return prev.v !== ')' && prev.v !== ']' && prev.v !== '}' && prev.v !== '++' && prev.v !== '--';
    if (prev.t === 'name') return KEYWORDS_BEFORE_EXPR.has(prev.v);
    if (prev.t === 'template') return prev.o; // an expression starts after `...${
    return false;
  };
  // Template characters from i; pushes the piece. `head`: it starts with `.
  const template = (s, i, head) => {
    TEMPLATE.lastIndex = i;
    const m = TEMPLATE.exec(src);
    const e = TEMPLATE.lastIndex;
    const open = m[1] === '${';
    if (head && !open) { push('string', src.slice(s, e), s, e, false, false); return e; }
    if (!head) depth--;
    push('template', src.slice(s, e), s, e, open, !head);
    if (open) { templates.push(depth); depth++; }
    return e;
  };
  let i = 0;
  while (i < n) {
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(src);
    const s = i;
    i = TOKEN.lastIndex;
    if (m[1] !== undefined || m[3] !== undefined) continue;
    if (m[2] !== undefined) { nl = true; continue; }
    if (m[4] !== undefined) { if (/[\n\r\u2028\u2029]/.test(m[4])) nl = true; continue; }
    if (m[5] !== undefined) { push('string', m[5], s, i); continue; }
    if (m[6] !== undefined) { push('name', m[6], s, i); continue; }
    if (m[7] !== undefined) { push('number', m[7], s, i); continue; }
    const p = m[8];
    switch (p) {
      case '/':
        if (regexAllowed()) {
          REGEX.lastIndex = i;
          REGEX.exec(src);
          i = REGEX.lastIndex;
          push('regex', src.slice(s, i), s, i);
        } else {
          if (src.charCodeAt(i) === 61) i++; // /=
          push('punct', src.slice(s, i), s, i);
        }
        break;
      case '`':
        i = template(s, i, true);
        break;
      case '}':
        if (templates.length && templates[templates.length - 1] === depth - 1) {
          templates.pop();
          i = template(s, i, false);
          break;
        }
      // fall through
      case ')': case ']':
        depth--;
        push('punct', p, s, i, false, true);
        break;
      case '{': case '(': case '[':
        push('punct', p, s, i, true, false);
        depth++;
        break;
      default:
        push('punct', p, s, i);
    }
  }
  return toks;
}

// A source that may hold a regular expression with Unicode property escapes (a `v` flag is
// rewritten too, in files the transform tokenizes anyway: ES modules).
const UNICODE_REGEX_HINT = /\\[pP]\{/;

function applyEdits(source, edits) {
  edits.sort((a, b) => a.s - b.s);
  let out = '';
  let at = 0;
  for (const ed of edits) {
    out += source.slice(at, ed.s) + ed.text;
    at = ed.e;
  }
  return out + source.slice(at);
}

/**
 * Transforms one module's source.
 * `esm`: true (an ES module), false (CommonJS: only `import()`/`import.meta`
 * are rewritten) or 'auto' (an ES module when it has import/export
 * declarations). `regex`, when given, maps a regular expression literal's text
 * (`/body/flags`) to the text to use instead, or null to keep it. Returns {code, esm}; `code` has the same line count as the
 * source, the prefix being on the first line.
 */
export function transform(source, { esm = 'auto', regex } = {}) {
  const modules = /\b(import|export)\b/.test(source);
  const patterns = regex !== undefined && UNICODE_REGEX_HINT.test(source);
  if (!modules && !patterns) return { code: source, esm: esm === true };
  const toks = tokenize(source);
  const edits = []; // {s, e, text}, in source order
  if (patterns) {
    // Regular expression literals the engine cannot run as written: `regex` rewrites them.
    for (const tok of toks) {
      if (tok.t === 'regex') {
        const text = regex(tok.v);
        if (text !== null && text !== tok.v) edits.push({ s: tok.s, e: tok.e, text });
      }
    }
  }
  if (!modules) return { code: applyEdits(source, edits), esm: esm === true };
  const prefix = []; // module requests and bindings, in source order
  const getters = []; // [exported name, expression]
  let isEsm = esm === true;
  let live = false; // imports named bindings: run inside `with` (see the top)
  let count = 0;
  const blank = (s, e) => edits.push({ s, e, text: source.slice(s, e).replace(/[^\n\r\u2028\u2029]/g, ' ') });
  const v = (j) => toks[j]?.v;
  const isPunct = (j, value) => toks[j]?.t === 'punct' && toks[j].v === value;
  const fail = (j, what) => {
    const at = toks[Math.min(j, toks.length - 1)];
    const line = at ? source.slice(0, at.s).split('\n').length : 1;
    const e = new SyntaxError(`${what} (line ${line})`);
    e.lineNumber = line;
    throw e;
  };
  const request = (j) => {
    if (toks[j]?.t !== 'string') fail(j, 'expected a module specifier string');
    const name = `__fabricks_m${count++}`;
    prefix.push(`const ${name}=__fx.imp(${toks[j].v});`);
    return name;
  };
  // `with { type: 'json' }` / `assert {...}` after a specifier.
  const attributes = (j) => {
    if ((v(j) === 'with' || v(j) === 'assert') && isPunct(j + 1, '{') && !toks[j].nl) {
      j += 2;
      while (j < toks.length && !isPunct(j, '}')) j++;
      j++;
    }
    return j;
  };
  const semicolon = (j) => (isPunct(j, ';') ? j + 1 : j);
  // `{ a, b as c, "x" as d }` from j (at '{'): returns [index after '}', [[name, alias], ...]].
  const namedList = (j) => {
    const list = [];
    j++;
    while (j < toks.length && !isPunct(j, '}')) {
      if (isPunct(j, ',')) { j++; continue; }
      const tk = toks[j];
      const name = tk.t === 'string' ? JSON.parse(tk.v.replace(/^'|'$/g, '"')) : tk.v;
      if (v(j + 1) === 'as') {
        const al = toks[j + 2];
        list.push([name, al.t === 'string' ? JSON.parse(al.v.replace(/^'|'$/g, '"')) : al.v]);
        j += 3;
      } else {
        list.push([name, name]);
        j++;
      }
    }
    return [j + 1, list];
  };
  // Skips an initializer expression from j; stops (without consuming) at a
  // ',' / ';' / unmatched closer at the starting depth, or at a newline that
  // ends the statement (top level only).
  const skipExpr = (j) => {
    const d0 = toks[j]?.d;
    let open = 0;
    for (; j < toks.length; j++) {
      const tk = toks[j];
      if (tk.d === d0) {
        if (tk.c && !tk.o) { if (open === 0) return j; open--; continue; }
        if (tk.o && !tk.c) { open++; continue; }
        if (open === 0 && tk.t === 'punct' && (tk.v === ',' || tk.v === ';')) return j;
        if (open === 0 && d0 === 0 && tk.nl && j > 0) {
          const p = toks[j - 1];
          const pContinues = (p.t === 'punct' && !p.c && p.v !== '++' && p.v !== '--') ||
            (p.t === 'name' && KEYWORDS_BEFORE_EXPR.has(p.v)) || (p.t === 'template' && p.o);
          const tContinues = (tk.t === 'punct' && (NO_END_BEFORE.has(tk.v) || tk.v === '(' || tk.v === '[')) ||
            (tk.t === 'name' && (tk.v === 'instanceof' || tk.v === 'in')) || tk.t === 'template' ||
            (tk.t === 'string' && tk.v[0] === '`');
          if (!pContinues && !tContinues) return j;
        }
      }
    }
    return j;
  };
  // Binding pattern from j: collects declared names, returns the index after it.
  const pattern = (j, names) => {
    const tk = toks[j];
    if (tk?.t === 'name') { names.push(tk.v); return j + 1; }
    if (isPunct(j, '[')) {
      j++;
      while (j < toks.length && !isPunct(j, ']')) {
        if (isPunct(j, ',')) { j++; continue; }
        if (isPunct(j, '...')) j++;
        j = pattern(j, names);
        if (isPunct(j, '=')) j = skipExpr(j + 1);
      }
      return j + 1;
    }
    if (isPunct(j, '{')) {
      j++;
      while (j < toks.length && !isPunct(j, '}')) {
        if (isPunct(j, ',')) { j++; continue; }
        if (isPunct(j, '...')) { j = pattern(j + 1, names); continue; }
        const key = toks[j];
        if (isPunct(j, '[')) { j = skipExpr(j + 1) + 1; } else j++;
        if (isPunct(j, ':')) j = pattern(j + 1, names);
        else names.push(key.v);
        if (isPunct(j, '=')) j = skipExpr(j + 1);
      }
      return j + 1;
    }
    fail(j, 'unsupported export declaration');
  };

  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.t !== 'name' || (t.v !== 'import' && t.v !== 'export')) continue;
    const before = toks[i - 1];
    if (before && before.t === 'punct' && (before.v === '.' || before.v === '?.')) continue; // obj.import
    if (t.v === 'import') {
      if (isPunct(i + 1, '.') && v(i + 2) === 'meta') { edits.push({ s: t.s, e: toks[i + 2].e, text: '__fx.meta' }); i += 2; continue; }
      if (isPunct(i + 1, '(')) {
        // A method named `import` (`import() {}` in a class or object) is left alone.
        let k = i + 2;
        while (k < toks.length && !(toks[k].c && toks[k].d === toks[i + 1].d)) k++;
        if (!isPunct(k + 1, '{')) edits.push({ s: t.s, e: t.e, text: '__fx.dyn' });
        continue;
      }
    }
    if (t.d !== 0 || esm === false) continue;
    isEsm = true;
    let j = i + 1;
    if (t.v === 'import') {
      if (toks[j]?.t === 'string') { // import 'x'
        request(j);
        j = semicolon(attributes(j + 1));
      } else {
        const binds = []; // [imported, local]; '*' = namespace
        if (toks[j]?.t === 'name' && v(j) !== 'from' || (v(j) === 'from' && v(j + 1) === 'from')) {
          binds.push(['default', v(j)]);
          j++;
          if (isPunct(j, ',')) j++;
        }
        if (isPunct(j, '*')) {
          if (v(j + 1) !== 'as') fail(j, 'expected `as` after `import *`');
          binds.push(['*', v(j + 2)]);
          j += 3;
        } else if (isPunct(j, '{')) {
          const [next, list] = namedList(j);
          binds.push(...list);
          j = next;
        }
        if (v(j) !== 'from') fail(j, 'expected `from` in import declaration');
        const m = request(j + 1);
        j = semicolon(attributes(j + 2));
        const named = [];
        for (const [imported, local] of binds) {
          if (imported === '*') prefix.push(`const ${local}=${m};`);
          else named.push(JSON.stringify(imported), JSON.stringify(local));
        }
        if (named.length) {
          prefix.push(`__fx.bind(${m},[${named.join(',')}]);`);
          live = true;
        }
      }
      blank(t.s, toks[j - 1].e);
      i = j - 1;
      continue;
    }
    // export
    const nx = toks[j];
    if (!nx) fail(j, 'unexpected end after `export`');
    if (nx.v === 'default') {
      let k = j + 1;
      if (v(k) === 'async' && v(k + 1) === 'function' && !toks[k + 1].nl) k++;
      if (v(k) === 'function' || v(k) === 'class') {
        let nameAt = k + 1;
        if (isPunct(nameAt, '*')) nameAt++;
        blank(t.s, nx.e);
        if (toks[nameAt]?.t === 'name' && !(v(k) === 'class' && v(nameAt) === 'extends')) {
          getters.push(['default', v(nameAt)]);
        } else {
          edits.push({ s: toks[nameAt].s, e: toks[nameAt].s, text: ' __fabricks_default ' });
          getters.push(['default', '__fabricks_default']);
        }
      } else {
        edits.push({ s: t.s, e: nx.e, text: 'const __fabricks_default =' });
        getters.push(['default', '__fabricks_default']);
      }
      i = j;
      continue;
    }
    if (nx.v === 'const' || nx.v === 'let' || nx.v === 'var') {
      blank(t.s, t.e);
      const names = [];
      let k = j + 1;
      for (;;) {
        k = pattern(k, names);
        if (isPunct(k, '=')) k = skipExpr(k + 1);
        if (isPunct(k, ',')) { k++; continue; }
        break;
      }
      for (const name of names) getters.push([name, name]);
      i = j; // the initializers are scanned too (import.meta, import())
      continue;
    }
    if (nx.v === 'function' || nx.v === 'class' || (nx.v === 'async' && v(j + 1) === 'function')) {
      let nameAt = nx.v === 'async' ? j + 2 : j + 1;
      if (isPunct(nameAt, '*')) nameAt++;
      if (toks[nameAt]?.t !== 'name') fail(nameAt, `exported ${nx.v} needs a name`);
      blank(t.s, t.e);
      getters.push([v(nameAt), v(nameAt)]);
      i = nameAt;
      continue;
    }
    if (isPunct(j, '{')) {
      const [next, list] = namedList(j);
      j = next;
      if (v(j) === 'from') {
        const m = request(j + 1);
        for (const [name, alias] of list) getters.push([alias, `${m}[${JSON.stringify(name)}]`]);
        j = attributes(j + 2);
      } else {
        for (const [name, alias] of list) getters.push([alias, name]);
      }
      j = semicolon(j);
      blank(t.s, toks[j - 1].e);
      i = j - 1;
      continue;
    }
    if (isPunct(j, '*')) {
      if (v(j + 1) === 'as') {
        const alias = toks[j + 2].t === 'string' ? JSON.parse(toks[j + 2].v.replace(/^'|'$/g, '"')) : v(j + 2);
        if (v(j + 3) !== 'from') fail(j + 3, 'expected `from`');
        const m = request(j + 4);
        getters.push([alias, m]);
        j = j + 5;
      } else {
        if (v(j + 1) !== 'from') fail(j + 1, 'expected `from`');
        const m = request(j + 2);
        prefix.push(`__fx.star(${m});`);
        j = j + 3;
      }
      j = semicolon(attributes(j));
      blank(t.s, toks[j - 1].e);
      i = j - 1;
      continue;
    }
    fail(j, `unsupported export form \`export ${nx.v}\``);
  }

  const out = applyEdits(source, edits);
  if (!isEsm) return { code: out, esm: false };
  const head = '"use strict";' +
    (getters.length ? `__fx.exp({${getters.map(([n, e]) => `${JSON.stringify(n)}:()=>${e}`).join(',')}});` : '') +
    prefix.join('');
  return { code: head + out, esm: true, live };
}
