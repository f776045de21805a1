/* kbfind's matcher in the browser: an interpreter of the spec that Python's matcher runs.
 *
 * Every rule, word list and number comes from the exported data (matcher/export.py: the spec of
 * matcher/spec.py, the fitted model, the knowledge base's term statistics and entry profiles);
 * this file holds only the steps, each mirroring a Python function named beside it. Sums run in
 * the same order as Python's, so scores agree to the last bit but for the platform's log/exp.
 * tests/test_parity.py runs this file in node on a golden corpus of Python's output.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else {
    root.kbfindMatcher = factory();
    if (root.document) watchPage(root.document);
  }

  // The paste page's own script (kbfind-paste.js) marks the status line when it runs, and replaces
  // "Loading the matcher…" when it starts or fails to; one that never loads (blocked, missing) would
  // leave it there for good. This script,
  // loaded before it, says so instead: at its load error, or after a wait (instant navigation loads
  // scripts in any order, so its error may come first).
  function watchPage(doc) {
    const status = doc.getElementById("kb-status");
    const tag = [...doc.scripts].find((s) => s.src.endsWith("/kbfind-paste.js"));
    if (!status || !tag) return;
    const loading = status.textContent;
    const failed = () => {
      if (status.isConnected && status.textContent === loading && !status.hasAttribute("data-kb-script")) {
        status.textContent = "The page could not start (assets/kbfind/kbfind-paste.js did not load).";
      }
    };
    tag.addEventListener("error", failed);
    const waited = () => {
      if (!status.isConnected || status.textContent !== loading) return; // started, or said why not
      if (root.kbfindData) failed();
      else setTimeout(waited, 5000); // the data (megabytes) may be slow, not lost
    };
    setTimeout(waited, 15000);
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  const FORMAT = 2;

  const rx = (p, extra) => new RegExp(p.source, "u" + p.flags + (extra || ""));
  const uniq = (items) => Array.from(new Set(items));
  const SURROGATE = /[\uD800-\uDFFF]/;
  const cpLength = (s) => (SURROGATE.test(s) ? Array.from(s).length : s.length); // Python's len()
  const lastChar = (s) => (SURROGATE.test(s.slice(-1)) ? Array.from(s).pop() : s.slice(-1)); // Python's s[-1]
  const cpSlice = (s, n) => (s.length <= n ? s : Array.from(s).slice(0, n).join(""));
  const cpTail = (s, n) => (SURROGATE.test(s) ? Array.from(s).slice(-n).join("") : s.slice(-n)); // Python's s[-n:]
  const rstrip = (text, chars) => {
    let end = text.length;
    while (end > 0 && chars.indexOf(text[end - 1]) >= 0) end--;
    return text.slice(0, end);
  };
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

  // Python's round(x, digits) for x ≥ 0: to nearest, ties to even. A double lies exactly halfway
  // between two multiples of 10^-digits only when x * 2^(digits+1) is an odd integer (an exact
  // product); toFixed rounds those up, Python to even.
  function pyRound(x, digits) {
    const scale = 10 ** digits;
    const twice = x * 2 ** (digits + 1);
    if (Number.isInteger(twice) && twice % 2 !== 0) {
      const low = Math.floor(x * scale);
      return (low % 2 === 0 ? low : low + 1) / scale;
    }
    return Number(x.toFixed(digits));
  }

  // options.siteRoot: the site's base URL, prefixed to each entry's path (as kbfind --site-url does);
  // without it, matches carry no url (as kbfind without a known site).
  function create(data, options = {}) {
    if (!data || data.format !== FORMAT) {
      throw new Error(`kbfind: matcher data of format ${data && data.format}, this page reads format ${FORMAT}`);
    }
    const S = data.spec;

    // ---- text (matcher/framing.py: clean, lines) ------------------------------------------------
    const NEWLINE = rx(S.text.newline, "g");
    const ESCAPES = rx(S.text.escapes, "g");
    const CONTROLS = rx(S.text.controls, "g");
    // kb.terms.normalize: NFKC, and a full-width colon keeps the space it carries
    const nfkc = (text) => text.replaceAll("\uff1a", "\uff1a ").normalize("NFKC");
    const clean = (text) => nfkc(text).replace(NEWLINE, "\n").replace(ESCAPES, "").replace(CONTROLS, " ");

    // ---- terms (kb/terms.py) --------------------------------------------------------------------
    const T = S.terms;
    const TOKEN = rx(T.token, "g");
    const PLACEHOLDER_TOKEN = rx(T.placeholder);
    const CJK = rx(T.cjk);
    const SEPARATOR = rx(T.separator, "g");
    const SEPARATOR_ONE = rx(T.separator);
    const SUBCOMPOUND = rx(T.subcompound, "g");

    // kb.terms.heading_key: compatibility forms folded, case and spacing aside, enclosing quotes left out.
    const ENCLOSED = rx(T.enclosed);
    const EMPHASIS = rx(T.emphasis, "g");
    function headingKey(text) {
      const key = nfkc(text)
        .replace(EMPHASIS, "$2")
        .toLowerCase()
        .split(/\s+/)
        .filter((w) => w)
        .join(" ");
      const m = ENCLOSED.exec(key);
      return m ? m.slice(1).find((g) => g !== undefined).split(/\s+/).filter((w) => w).join(" ") : key;
    }
    const FILE_TYPE = rx(T.file_type);
    const ACRONYM_PLURAL = rx(T.acronym_plural);
    const CLASS_NAME = rx(T.class_name);
    const CAMEL = rx(T.camel, "g");
    const APOSTROPHES = rx(T.apostrophes, "g");
    const FOLD = T.fold.map(([p, append]) => [rx(p), append]);
    const NUMBER = rx(T.number);
    const STOP = new Set(T.stopwords);
    const isCjk = (term) => CJK.test(term);

    function fold(word) {
      const w = word.toLowerCase().replace(APOSTROPHES, "");
      for (const [re, append] of FOLD) {
        const m = re.exec(w);
        if (m) return m[1] + append;
      }
      return w;
    }

    const camelParts = (piece) => {
      const m = ACRONYM_PLURAL.exec(piece);
      return m ? [m[1]] : piece.split(CAMEL);
    };

    const keep = (term) => cpLength(term) >= T.min_term && !STOP.has(term) && !NUMBER.test(term);

    const wordCache = new Map();
    function wordTerms(token) {
      let out = wordCache.get(token);
      if (out) return out;
      const cut = cpSlice(token, T.max_term);
      const whole = fold(cut);
      const plural = ACRONYM_PLURAL.exec(cut);
      const named = FILE_TYPE.exec(cut);
      const stem = named ? named[1] : cut;
      const parts = [];
      for (const piece of stem.split(SEPARATOR)) for (const p of camelParts(piece)) if (p) parts.push(fold(p));
      if (plural) out = uniq([whole, plural[1].toLowerCase()].filter(keep));
      else if (parts.length <= 1 && !named) out = keep(whole) ? [whole] : [];
      else {
        out = [whole];
        for (const sub of cut.split(SUBCOMPOUND)) if (sub && sub !== cut && SEPARATOR_ONE.test(sub)) out.push(fold(sub));
        const qualified = CLASS_NAME.exec(cut);
        if (qualified) out.push(fold(qualified[1]));
        for (const p of parts) if (p !== whole && keep(p)) out.push(p);
      }
      if (wordCache.size > 100000) wordCache.clear();
      wordCache.set(token, out);
      return out;
    }

    function plainTerms(text) {
      const out = [];
      for (const m of text.matchAll(TOKEN)) {
        const token = m[0];
        if (PLACEHOLDER_TOKEN.test(token)) out.push(token);
        else if (isCjk(token)) {
          const chars = Array.from(token);
          if (chars.length === 1) out.push(token);
          for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
        } else out.push(...wordTerms(token));
      }
      return out;
    }

    const PHRASES = new Map();
    for (const group of T.synonyms) {
      const concept = T.concept_prefix + group[0].replaceAll(" ", "_");
      for (const phrase of group) {
        const key = plainTerms(nfkc(phrase)).join("\u0001");
        if (key) PHRASES.set(key, concept);
      }
    }
    const LONGEST = Math.max(...Array.from(PHRASES.keys(), (k) => k.split("\u0001").length));

    function terms(text) {
      const plain = plainTerms(nfkc(text));
      const out = [];
      let i = 0;
      while (i < plain.length) {
        let found = false;
        for (let n = Math.min(LONGEST, plain.length - i); n > 0; n--) {
          const concept = PHRASES.get(plain.slice(i, i + n).join("\u0001"));
          if (concept) {
            if (!out.length || out[out.length - 1] !== concept) out.push(concept);
            i += n;
            found = true;
            break;
          }
        }
        if (!found) out.push(plain[i++]);
      }
      return out;
    }

    // ---- weights (matcher/weights.py) -------------------------------------------------------------
    const W = S.weights;
    const DF = new Map(Object.entries(data.df));
    const df = (term) => DF.get(term) || 0;
    const GENERIC = new Set(W.generic);
    // Weights count problems: a problem kept in several versions of its page counts once, and so
    // do its words (matcher/matcher.py _weights).
    const ENTRIES = data.stats.doc_count;
    const PROBLEMS = data.stats.problems || ENTRIES; // data made before problems were counted: none
    const copiesOnce = PROBLEMS === ENTRIES;
    const PROBLEM_DF = new Map(Object.entries(data.problem_df || {}));
    const N = Math.max(PROBLEMS, 1);
    const problemDf = (term) => (copiesOnce ? df(term) : PROBLEM_DF.get(term) || 0);
    const BACKGROUND = new Map(Object.entries(data.background.df));
    const MU = W.background_strength;
    const idf = (f) => Math.log(1 + (N + MU - f + 0.5) / (f + 0.5));
    const frequency = (term) => problemDf(term) + MU * ((BACKGROUND.get(term) || 0) / data.background.documents);
    const UNIT = idf(1);
    const AVERAGE_LENGTH = data.stats.average_length;
    const weightCache = new Map();

    function generic(term) {
      if (GENERIC.has(term)) return true;
      if (cpLength(term) !== 2 || !isCjk(term)) return false;
      for (const c of term) if (W.cjk_function.indexOf(c) >= 0) return true;
      return false;
    }

    function weight(term) {
      let w = weightCache.get(term);
      if (w === undefined) {
        if (term[0] === "<") w = W.placeholder_weight;
        else w = generic(term) ? idf(frequency(term)) * W.generic_factor : idf(frequency(term));
        weightCache.set(term, w);
      }
      return w;
    }

    const known = (term) => term[0] === "<" || df(term) > 0;

    function total(seq) {
      let t = 0;
      for (const term of seq) t += weight(term);
      return t;
    }

    // ---- framing (matcher/framing.py) -------------------------------------------------------------
    const F = S.framing;
    const FRAMING = F.rules.map((r) => ({ name: r.name, re: rx(r.pattern) }));
    const FENCE = rx(F.fence);
    const RULER = rx(F.ruler);
    const PROMPT = rx(F.prompt);
    const COMMAND_WORD = rx(F.command_word);
    const TYPED_COMMAND = rx(F.typed_command);
    const KLOG_STRUCTURED = rx(F.klog_structured);
    const UNIFIED_STRUCTURED = rx(F.unified_structured);
    const UNIFIED_FIELD = rx(F.unified_field, "g");
    const FIELDS = rx(F.fields, "g");
    const LOGFMT = rx(F.logfmt);
    const JSON_OBJECT = rx(F.json_object);
    const JSON_FIELD = rx(F.json_field, "g");
    const CUT_VALUE = rx(F.cut_value);
    // The last field, when its quoted value was cut short with the line.
    function cutField(text) {
      const m = CUT_VALUE.exec(text);
      return m ? [[m[1], unquote(`"${m[2]}"`)]] : [];
    }
    const CONTEXT_FIELDS = rx(F.context_fields);
    const TRAILING_FIELD = rx(F.trailing_field, "g");
    const ESCAPE = rx(F.escape, "g");

    function stripPrefixes(text, fired) {
      for (let pass = 0; pass < F.passes; pass++) {
        const before = text;
        for (const rule of FRAMING) {
          const m = rule.re.exec(text);
          if (m && m[0].length > 0) {
            fired.push(rule.name);
            text = text.slice(m[0].length).trimStart();
          }
        }
        if (text === before) break;
      }
      return text;
    }

    const unquote = (value) =>
      value.startsWith('"')
        ? value.slice(1, -1).replace(ESCAPE, (m, c) => (F.blank_escapes.indexOf(c) >= 0 ? " " : c))
        : value;

    function pairs(text) {
      const out = new Map();
      for (const m of text.matchAll(FIELDS)) out.set(m[1], unquote(m[2]));
      return out;
    }

    // matcher/framing.py _trailing_start: where the run of key=value fields that ends the text
    // begins, after a word (0: none), in one pass over its fields
    function trailingStart(text) {
      let start = 0;
      let at = 0;
      for (const m of text.matchAll(TRAILING_FIELD)) {
        if (m.index !== at || !start) start = m.index;
        at = m.index + m[0].length;
      }
      return at && !text.slice(at).trim() ? start : 0;
    }

    const REASON_PHRASE = rx(F.reason_phrase);
    const ERROR_KEY = rx(F.error_key);
    const details = (values) => Array.from(values).filter(([k]) => F.detail_keys.includes(k)).map(([, v]) => v);

    function fields(text, fired) {
      const m = KLOG_STRUCTURED.exec(text);
      if (m) {
        fired.push("klog-structured");
        return [unquote(m[1]), details(pairs(m[2]))];
      }
      const u = text.startsWith("[") ? UNIFIED_STRUCTURED.exec(text) : null;
      if (u && (u[2] || u[1].startsWith('"'))) {
        fired.push("unified-structured");
        const values = new Map(Array.from(u[2].matchAll(UNIFIED_FIELD), (f) => [f[1], unquote(f[2])]));
        return [unquote(u[1]), details(values)];
      }
      if (JSON_OBJECT.test(text)) {
        const members = Array.from(text.matchAll(JSON_FIELD), (j) => [j[1], unquote(j[2])]).concat(cutField(text));
        const messages = members.filter(([k]) => F.json_message_keys.includes(k)).map(([, v]) => v);
        const said = members.filter(([k]) => F.json_message_keys.includes(k) || F.detail_keys.includes(k));
        if (messages.length && said.some(([, v]) => v.trim())) {
          // a blank message and no error: not read as JSON
          fired.push("json");
          // The message may be a log line itself (Docker's "log"): a shorter text, read the same way.
          const [inner, extra] = fields(stripPrefixes(messages[0].trim(), fired), fired);
          return [inner, extra.concat(messages.slice(1), details(members))];
        }
      }
      const found = pairs(text);
      const logfmt = LOGFMT.test(text);
      if (logfmt) for (const [k, v] of cutField(text)) found.set(k, v);
      if (found.has(F.message_key) && logfmt) {
        fired.push("logfmt");
        const inner = stripPrefixes(found.get(F.message_key), fired);
        // a reason that is a phrase, after the error fields (FramingSpec.reason_keys)
        const reasons = Array.from(found).filter(([k, v]) => F.reason_keys.includes(k) && REASON_PHRASE.test(v));
        return [inner.startsWith('"') ? fields(inner, fired)[0] : inner, details(found).concat(reasons.map(([, v]) => v))];
      }
      const c = CONTEXT_FIELDS.exec(text);
      if (c && text.trimEnd().endsWith("}") && text.slice(0, c.index).trim()) {
        fired.push("context-fields");
        const keys = F.detail_keys.concat(F.json_message_keys);
        const rest = text.slice(c.index);
        const members = Array.from(rest.matchAll(JSON_FIELD), (j) => [j[1], unquote(j[2])]);
        // and an API's own keys for its error ({"errorReason": "Missing PCS cookies …"}), where phrases
        const found = members
          .filter(([k, v]) => keys.includes(k) || (ERROR_KEY.test(k) && REASON_PHRASE.test(v)))
          .map(([, v]) => v);
        return [text.slice(0, c.index).trim(), found];
      }
      const t = trailingStart(text);
      if (t && text.slice(0, t).trim() && !/^[\w./-]+=/.test(text)) {
        // key=value fields after the message (zerolog's console writer): their error is a message of its own
        const trailing = pairs(text.slice(t));
        const found = F.detail_keys.filter((k) => (trailing.get(k) || "").trim()).map((k) => trailing.get(k));
        if (found.length) {
          fired.push("trailing-fields");
          return [text.slice(0, t).trim(), found];
        }
      }
      // an error a URL carries in its query, as an OAuth server redirects with it (matcher/framing.py)
      const carried = text.includes("error") ? Array.from(text.matchAll(QUERY_ERROR), (q) => urlDecoded(q[1])) : [];
      if (carried.length) {
        fired.push("query-error");
        return [text, carried];
      }
      return [text, []];
    }

    const QUERY_ERROR = rx(F.query_error, "g");
    // "+" a space, a printable ASCII character's percent escape that character; other escapes as written
    const urlDecoded = (value) =>
      value.replace(/\+/g, " ").replace(/%([2-6][0-9A-Fa-f]|7[0-9A-Ea-e])/g, (m, h) => String.fromCharCode(parseInt(h, 16)));

    const BOX_END = rx(F.box_end);
    const DRAWN = rx(F.drawn);
    const HTML_LINE = rx(F.html_line);
    const HTML_TAG = rx(F.html_tag, "g");
    const HTML_INLINE = rx(F.html_inline, "g");
    function frameLine(line) {
      if (FENCE.test(line) || RULER.test(line)) return null;
      const fired = [];
      let text = stripPrefixes(line.trim(), fired);
      if (fired.includes("box") || fired.includes("ascii-box")) text = text.replace(BOX_END, ""); // a panel's border on both sides
      if (FENCE.test(text) || RULER.test(text)) return null;
      if (HTML_LINE.test(text)) {
        // an HTML error page's line: its text
        fired.push("html");
        text = text.replace(HTML_INLINE, "").replace(HTML_TAG, " ").trim();
        if (!text) return null;
      }
      let command = false;
      const m = PROMPT.exec(text);
      if (m && !text.slice(m[0].length).trim()) return null; // a prompt with nothing typed after it
      if (m && COMMAND_WORD.test(text.slice(m[0].length))) {
        text = text.slice(m[0].length);
        command = true;
        fired.push("prompt");
      } else if (fired.every((r) => F.decorations.includes(r)) && TYPED_COMMAND.test(text)) {
        command = true;
        fired.push("typed command");
      }
      const [message, extra] = fields(text, fired);
      if (FENCE.test(message.trim())) return null; // a fence quoted in a log line
      return { text: message.trim(), details: extra, rules: fired, command };
    }

    // ---- masking (matcher/masking.py) -------------------------------------------------------------
    const MASKS = S.masking.rules.map((r) => ({ name: r.name, re: rx(r.pattern, "g") }));
    const PLACEHOLDER = rx(S.masking.placeholder, "g");

    function placeholders(text) {
      const pieces = [];
      let at = 0;
      for (const m of text.matchAll(PLACEHOLDER)) {
        if (m.index > at) pieces.push([text.slice(at, m.index), null]);
        pieces.push([m[0], m[1]]);
        at = m.index + m[0].length;
      }
      if (at < text.length || !pieces.length) pieces.push([text.slice(at), null]);
      return pieces;
    }

    function matches(pieces, re) {
      const text = pieces.map((p) => p[0]).join("");
      const literal = [];
      let at = 0;
      for (const [v, n] of pieces) {
        if (!n) literal.push([at, at + v.length]);
        at += v.length;
      }
      const spans = [];
      for (const m of text.matchAll(re)) {
        const end = m.index + rstrip(m[0], S.masking.trailing).length;
        if (end > m.index && literal.some(([lo, hi]) => lo <= m.index && end <= hi)) spans.push([m.index, end]);
      }
      return spans;
    }

    function cut(pieces, spans, name) {
      const out = [];
      let at = 0;
      let q = 0;
      for (const [v, n] of pieces) {
        const size = v.length;
        if (n) out.push([v, n]);
        else {
          let cursor = 0;
          while (q < spans.length && spans[q][1] <= at + size) {
            const [lo, hi] = spans[q++];
            if (lo - at > cursor) out.push([v.slice(cursor, lo - at), null]);
            out.push([v.slice(lo - at, hi - at), name]);
            cursor = hi - at;
          }
          if (cursor < v.length) out.push([v.slice(cursor), null]);
        }
        at += size;
      }
      return out;
    }

    function absorbQuotes(pieces) {
      const out = pieces.slice();
      for (let i = 1; i < out.length - 1; i++) {
        const [left, lname] = out[i - 1];
        const [value, name] = out[i];
        const [right, rname] = out[i + 1];
        const q = left.slice(-1);
        if (name && !lname && !rname && (q === '"' || q === "'") && right[0] === q) {
          out[i - 1] = [left.slice(0, -1), null];
          out[i] = [q + value + right[0], name];
          out[i + 1] = [right.slice(1), null];
        }
      }
      return out.filter((p) => p[0]);
    }

    function mask(text) {
      let pieces = placeholders(text);
      const fired = [];
      for (const rule of MASKS) {
        const spans = matches(pieces, rule.re);
        if (spans.length) {
          fired.push(rule.name);
          pieces = cut(pieces, spans, rule.name);
        }
      }
      pieces = absorbQuotes(pieces);
      return {
        text: pieces.map(([v, n]) => (n ? `<${n}>` : v)).join(""),
        values: pieces.filter((p) => p[1]).map(([v, n]) => [n, v]),
        rules: fired,
        pieces,
      };
    }

    const keeping = (masked, names) => masked.pieces.map(([v, n]) => (n && !names.includes(n) ? `<${n}>` : v)).join("");

    // ---- segments (matcher/segments.py) -----------------------------------------------------------
    const G = S.segments;
    const SHAPE = rx(G.shape, "g");
    const LONG_LINE_SPLIT = rx(G.long_line_split, "g");

    // Python's re.split(maxsplit=n): at most n cuts, the rest of the line in the last piece.
    const ESCAPED_NEWLINE = rx(G.escaped_newline, "g");
    const STACK_MEMBER = rx(G.stack_member, "g");
    const WINDOWS_PATH = rx(G.windows_path);
    // matcher/segments.py _structured: the line is framed as a structured one and holds one message
    const structured = (line, checks) => {
      if ((!line.includes("{") || !line.includes('"')) && !line.includes('="') && !line.includes("msg="))
        return false; // (cheap: a structured line holds a JSON object, a quoted value or a message)
      checks[0] -= 1;
      const f = frameLine(line);
      if (f === null || !f.rules.some((r) => G.structured_rules.includes(r))) return false;
      let messages = 0;
      for (const m of line.matchAll(JSON_FIELD)) if (F.json_message_keys.includes(m[1])) messages += 1;
      return messages <= 1;
    };
    function pieces(line, checks) {
      const size = cpLength(line);
      const short = size <= G.max_segment_chars;
      if (short && (line.split("\\n").length - 1 < G.escaped_lines || WINDOWS_PATH.test(line))) return [line];
      if (size <= G.structured_max_chars && checks[0] > 0 && structured(line, checks)) {
        // whole, then the lines its values hold, its stack trace left out
        const held = line.replace(STACK_MEMBER, "").split(ESCAPED_NEWLINE);
        return held.length > G.escaped_lines ? [line].concat(held.slice(1, G.long_line_pieces)) : [line];
      }
      if (short) {
        const escaped = line.split(ESCAPED_NEWLINE);
        return escaped.length > G.escaped_lines ? escaped.slice(0, G.long_line_pieces) : [line];
      }
      const out = [];
      let at = 0;
      for (const m of line.matchAll(LONG_LINE_SPLIT)) {
        if (out.length >= G.long_line_pieces) break;
        out.push(line.slice(at, m.index));
        at = m.index + m[0].length;
      }
      out.push(line.slice(at));
      const kept = out.slice(0, G.long_line_pieces);
      const last = kept[kept.length - 1];
      const tail = cpLength(last) > G.max_segment_chars ? [cpTail(last, G.max_segment_chars)] : [];
      return kept.map((piece) => cpSlice(piece, G.max_line_chars)).concat(tail); // the end of a long line too
    }
    const SCHEDULER = rx(G.scheduler);
    const REASON_SPLIT = rx(G.reason_split, "g");
    const FIT_SUMMARY = rx(G.fit_summary);
    const RELEVANCE_WORD = rx(G.relevance_word, "g");
    const ERROR_CUE = rx(G.error_cue);
    const INFO_LINE = rx(G.info_line);
    const ERROR_LINE = rx(G.error_line);
    const TABLE_HEADER = rx(G.table_header);
    const HEALTHY_ROW = rx(G.healthy_row);
    const EXCEPTION_HEADER = rx(G.exception_header);
    const STACK_FRAME = rx(G.stack_frame);
    const readsAsError = (line) => ERROR_LINE.test(line) || ERROR_CUE.test(line);

    const UNIT_STATE = rx(G.unit_state);
    const RUNTIME_NOTICE = rx(G.runtime_notice);
    const CARET_LINE = rx(G.caret_line);
    const around = (text) =>
      EXCEPTION_HEADER.test(text) || CARET_LINE.test(text) || STACK_FRAME.test(text) || UNIT_STATE.test(text) || RUNTIME_NOTICE.test(text);
    const SOURCE_FRAME = rx(G.source_frame);
    // the source code a stack frame quotes (of the lines' messages): the frame above it, a caret under it;
    // or the line after a frame that always quotes its source (Python's)
    const quotedSource = (texts, k) =>
      (k > 0 && SOURCE_FRAME.test(texts[k - 1])) ||
      (k > 0 && k < texts.length - 1 && CARET_LINE.test(texts[k + 1]) && STACK_FRAME.test(texts[k - 1]));

    function worthReading(lines) {
      const read = lines.map(([n, raw]) => [n, raw, frameLine(raw)]);
      const texts = read.map(([, raw, f]) => (f ? f.text : raw.trim()));
      const framed = [];
      read.forEach(([n, raw, f], k) => {
        // a line that carries a message, not one that only draws (ASCII art, a caret under a column)
        if (f && (f.details.length || !DRAWN.test(f.text))) framed.push([n, raw, f, quotedSource(texts, k)]);
      });
      const output = framed.some(([, , f]) => !f.command);
      const errors = framed.some(([, raw]) => readsAsError(raw));
      const out = [];
      for (const [n, raw, f, source] of framed) {
        // a quiet row alone is what the user asks about (a check's heading typed: "√ can …")
        if ((f.command && output) || (framed.length > 1 && (TABLE_HEADER.test(f.text) || HEALTHY_ROW.test(f.text)))) continue;
        if (errors && INFO_LINE.test(raw) && !readsAsError(raw)) continue;
        out.push([n, f, source || around(f.text)]);
      }
      // a line of those left that the rest frames
      const kept = out.some(([, , a]) => !a) ? out.filter(([, , a]) => !a) : out;
      return kept.map(([n, f]) => [n, f]);
    }

    function relevance(line) {
      const words = uniq((line.toLowerCase().match(RELEVANCE_WORD) || []).slice(0, G.relevance_words));
      let sum = 0;
      for (const t of words) if (known(t)) sum += weight(t);
      return (ERROR_CUE.test(line) ? G.cue_factor : 1) * sum;
    }

    const CHAIN_OPEN = rx(G.chain_open);
    function depth(line) {
      let width = 0;
      for (const ch of line) {
        if (ch === " ") width += 1;
        else if (ch === "\t") width += 8 - (width % 8);
        else break;
      }
      return width;
    }
    // matcher/segments.py _with_chains: each line, and after one that opens an error chain, the chain
    const FOLDED_OPEN = rx(G.folded_open);
    function withChains(raw) {
      const out = [];
      let joined = 0; // lines before this one are inside the last chain
      raw.forEach((line, k) => {
        out.push([k + 1, line]);
        if (k < joined) return;
        const key = line.match(FOLDED_OPEN);
        if (key === null && (!CHAIN_OPEN.test(line) || !readsAsError(line))) {
          const w = wrapped(raw, k);
          if (w !== null) {
            out.push([k + 1, w[0]]);
            joined = w[1];
          }
          return;
        }
        const d = key !== null ? depth(key[1].replace("-", " ")) : depth(line);
        const parts = key !== null ? [] : [line.trim()];
        let size = cpLength(line);
        let j = k + 1;
        while (
          j < raw.length &&
          size < G.max_line_chars &&
          raw[j].trim() &&
          depth(raw[j]) > d &&
          (key !== null || CHAIN_OPEN.test(parts[parts.length - 1]))
        ) {
          parts.push(raw[j].trim());
          size += cpLength(raw[j]);
          j += 1;
        }
        if (parts.length > (key !== null ? 0 : 1)) {
          out.push([k + 1, parts.join(" ")]);
          joined = j;
        }
      });
      return out;
    }

    // matcher/segments.py _wrapped: the line a wrap cut into raw[k] and the lines after it
    const WRAP_END = rx(G.wrap_end);
    const WRAP_NEXT = rx(G.wrap_next);
    const WRAP_TABLE = rx(G.wrap_table);
    const indented = (line) => /^\s/u.test(line);
    // matcher/segments.py _shape: numbers and ids marked; _same_start: text starts with head or a word of its shape
    const shapeOf = (text) => text.replace(SHAPE, () => G.shape_mark);
    const sameStart = (head, text) => {
      const word = text ? text.split(/\s+/u)[0] : "";
      return word === head || shapeOf(word) === shapeOf(head);
    };
    function goesOn(head, line) {
      const text = line.trim();
      if (!text || sameStart(head, text)) return false;
      if (WRAP_TABLE.test(text) || STACK_FRAME.test(text)) return false;
      const framed = frameLine(text);
      return framed !== null && framed.rules.length === 0 && framed.text === text;
    }
    function wrapped(raw, k) {
      const width = cpLength(raw[k]);
      if (width < G.wrap_min) return null;
      const first = raw[k].trim();
      const after = k + 1 < raw.length ? raw[k + 1].trim() : "";
      if (!first || !after) return null;
      const head = first.split(/\s+/u)[0];
      const fixed =
        k + 2 < raw.length && cpLength(raw[k + 1]) === width && cpLength(raw[k + 2]) === width && !sameStart(head, after);
      // neither can go on: most lines of a log, the same line again (checked first: cheap)
      if (!fixed && !(WRAP_END.test(lastChar(first)) && WRAP_NEXT.test(after))) return null;
      let j = k + 1;
      while (
        j < raw.length &&
        (j - k) * width < G.max_line_chars &&
        cpLength(raw[j]) === width &&
        !indented(raw[j]) &&
        goesOn(head, raw[j])
      )
        j += 1;
      if (j >= k + 3) {
        // a fixed width: the rest is shorter
        const rest = j < raw.length ? cpLength(raw[j]) : 0;
        if (rest > 0 && rest < width && !indented(raw[j]) && goesOn(head, raw[j])) j += 1;
        return [raw.slice(k, j).join("").trim(), j];
      }
      j = k + 1;
      const parts = [first];
      let size = width;
      while (
        j < raw.length &&
        size < G.max_line_chars &&
        cpLength(parts[parts.length - 1]) >= G.wrap_min &&
        WRAP_END.test(lastChar(parts[parts.length - 1])) &&
        depth(raw[j]) <= depth(raw[k]) &&
        WRAP_NEXT.test(raw[j].trim()) &&
        goesOn(head, raw[j]) &&
        !(CHAIN_OPEN.test(raw[j]) && readsAsError(raw[j])) // opens a chain
      ) {
        parts.push(raw[j].trim());
        size += cpLength(raw[j]);
        j += 1;
      }
      return parts.length > 1 ? [parts.join(" "), j] : null;
    }

    function numberedLines(paste) {
      const seen = new Set();
      let out = [];
      const wholes = new Set();
      const checks = [G.structured_checks]; // lines that may still be framed to ask whether they are structured
      for (const [n, whole] of withChains(clean(paste).split("\n"))) {
        const wholeShape = shapeOf(whole);
        if (wholes.has(wholeShape)) continue; // a line of one shape again holds pieces of the shapes seen
        wholes.add(wholeShape);
        for (const raw of pieces(whole, checks)) {
          if (!raw.trim()) continue;
          const shape = shapeOf(raw);
          if (!seen.has(shape)) {
            seen.add(shape);
            out.push([n, raw]);
          }
        }
      }
      if (out.length > G.max_lines) {
        const rated = out
          .map((nl, i) => [relevance(nl[1]), nl[0], i])
          .sort((a, b) => b[0] - a[0] || a[1] - b[1])
          .slice(0, G.max_lines)
          .map((x) => x[2])
          .sort((a, b) => a - b); // in paste order: the pieces of one line as they came
        out = rated.map((i) => out[i]);
      }
      return out;
    }

    function reasons(text, kind) {
      let m = SCHEDULER.exec(text);
      if (m) {
        const found = m[1]
          .split(REASON_SPLIT)
          .map((r) => rstrip(r.trim(), G.reason_trailing))
          .filter((r) => r)
          .map((r) => [r, "reason"]);
        return found.length > 1 ? found.concat([[text, kind]]) : found;
      }
      m = FIT_SUMMARY.exec(text);
      if (m) return m[1].split(G.fit_split).filter((r) => r.trim()).map((r) => [r.trim(), "reason"]);
      return [[text, kind]];
    }

    function segments(paste) {
      const kept = new Set();
      const found = [];
      for (const [n, framed] of worthReading(numberedLines(paste))) {
        const kind = framed.command ? "command" : "line";
        const pieces = [[framed.text, kind]].concat(framed.details.map((d) => [d, "field"]));
        for (const [text, k] of pieces) {
          for (let [part, pk] of reasons(text, k)) {
            part = cpSlice(part.trim(), G.max_segment_chars);
            const masked = mask(part);
            const key = masked.text.toLowerCase();
            if (part && !kept.has(key)) {
              kept.add(key);
              const rules = pk === "reason" ? framed.rules.concat(["reasons"]) : framed.rules;
              found.push({ text: part, masked, line: n, kind: pk, rules });
            }
          }
        }
      }
      return found;
    }

    // ---- views and features (matcher/features.py) -------------------------------------------------
    const V = S.view;
    const CLAUSE = rx(V.clause, "g");
    const FILE_NAME = rx(V.file_name);
    const FILE_NAME_SHAPE = rx(V.file_name_shape);
    const CLAUSE_WORD = rx(V.clause_word, "g");
    const ERROR_CLASS = rx(V.error_class);
    const CLOSED_WORD = rx(V.closed_word);

    function splitClosed(term) {
      if (cpLength(term) < V.closed_min || !CLOSED_WORD.test(term) || known(term)) return [term];
      for (let i = term.length - V.closed_part + 1; i > V.closed_part - 1; i--) {
        if (known(term.slice(0, i)) && known(term.slice(i))) return [term.slice(0, i), term.slice(i)];
      }
      return [term];
    }

    const HYPHENATED = rx(V.hyphenated);

    function spellings(term) {
      if (HYPHENATED.test(term)) {
        const joined = term.replaceAll("-", "");
        return known(joined) ? [joined] : [];
      }
      if (cpLength(term) < V.spelling_min || !CLOSED_WORD.test(term) || known(term)) return [];
      for (let i = V.spelling_part; i < term.length - V.spelling_part + 1; i++) {
        const hyphenated = `${term.slice(0, i)}-${term.slice(i)}`;
        if (known(hyphenated)) return terms(hyphenated);
      }
      return [];
    }

    // features.py: _file_names (and the HTTP statuses the masked numbers are, the words of quoted values)
    const STATUS_VALUE = rx(V.status_value);
    function fileNames(seg) {
      return seg.masked.values.flatMap(([name, value]) => {
        const m = name === "path" ? FILE_NAME.exec(value) : null;
        if (m && FILE_NAME_SHAPE.test(m[1])) return terms(m[1]);
        if (name === "num" && STATUS_VALUE.test(value)) return [value];
        return name === V.quoted ? terms(value) : [];
      });
    }

    function view(seg) {
      const partial = keeping(seg.masked, V.keep_names);
      const words = terms(partial).filter((t) => t[0] !== "<");
      const content = uniq(words.flatMap((t) => splitClosed(t).concat(spellings(t))));
      let tail = content;
      const clauses = partial.replace(ERROR_CLASS, "").split(CLAUSE);
      for (let i = clauses.length - 1; i >= 0; i--) {
        if ((clauses[i].match(CLAUSE_WORD) || []).length >= V.clause_min_words) {
          tail = uniq(terms(clauses[i])).filter((t) => t[0] !== "<");
          break;
        }
      }
      const sequence = terms(seg.masked.text);
      return {
        segment: seg,
        sequence,
        maskedTerms: new Set(sequence.concat(uniq(sequence).flatMap(spellings), fileNames(seg))),
        content,
        tail,
        contentWeights: content.map(weight),
        tailWeights: tail.map(weight),
      };
    }

    function lcs(a, b) {
      const row = new Array(b.length + 1).fill(0);
      for (let i = 1; i <= a.length; i++) {
        let diag = 0;
        for (let j = 1; j <= b.length; j++) {
          const up = row[j];
          row[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(row[j], row[j - 1]);
          diag = up;
        }
      }
      return row[b.length];
    }

    const FE = S.features;

    function explained(content, weights, p) {
      let sum = 0;
      let hit = 0;
      for (let i = 0; i < content.length; i++) {
        const t = content[i];
        const wt = weights[i];
        sum += wt;
        if (p.prose.has(t)) hit += wt;
        else if (p.code.has(t)) hit += wt * FE.code_credit;
      }
      return [sum ? hit / sum : 0, hit, sum];
    }

    function weightIn(wanted, present) {
      let hit = 0;
      for (const t of wanted) if (present.has(t)) hit += weight(t);
      return hit;
    }

    const tailFit = (v, t) => weightIn(v.tail, t.signatureSet) / (total(v.tail) || 1);

    // features.py: _contradicts
    const CODES = V.codes.map((p) => rx(p));

    function contradicts(said, written) {
      for (const kind of CODES) {
        const named = written.filter((t) => kind.test(t));
        if (named.length && !named.some((t) => said.has(t)) && Array.from(said).some((t) => kind.test(t))) return true;
      }
      if (V.negations.some((n) => said.has(n) || written.includes(n))) return false;
      const has = (a) => written.includes(a);
      return V.opposites.some(
        ([a, b]) => (has(a) && said.has(b) && !said.has(a) && !has(b)) || (has(b) && said.has(a) && !said.has(b) && !has(a)),
      );
    }

    function bestTemplate(v, p, stated) {
      let best = null;
      let bestKey = -1;
      let hit = 0;
      let cov = 0;
      let cause = 0;
      for (const t of p.templates) {
        if (stated !== undefined && (t.origin !== "body") !== stated) continue;
        if (contradicts(v.maskedTerms, t.signature)) continue;
        const h = weightIn(t.signature, v.maskedTerms);
        const c = h ? h / (total(t.signature) || 1) : 0; // nothing held: no need to weigh the rest
        const k = t.cause.length ? lcs(t.cause, v.sequence) / t.cause.length : 0;
        const key = c * (1 + k) * (1 + tailFit(v, t));
        if (key > bestKey) {
          best = t;
          bestKey = key;
          hit = h;
          cov = c;
          cause = k;
        }
      }
      return [best, hit, cov, cause];
    }

    function features(v, p, pasteExpl, bm25, stated, shared) {
      let titleCov = 0;
      let titleMass = 0;
      let sigMass = 0;
      let fit = 0;
      let tail = 0;
      const [t, hit, sigCov, causeCov] = bestTemplate(v, p, stated);
      if (t) {
        sigMass = Math.min(hit / UNIT, FE.mass_cap);
        const distinct = uniq(v.sequence);
        fit = weightIn(distinct, t.signatureSet) / (total(distinct) || 1);
        tail = tailFit(v, t);
      }
      let exact = 0;
      if (!p.isError) {
        const content = new Set(v.content);
        const h = weightIn(p.title, content);
        titleCov = h / (total(p.title) || 1);
        titleMass = Math.min(h / UNIT, FE.mass_cap);
        const title = new Set(p.title);
        exact = p.title.length && title.size === content.size && [...title].every((t) => content.has(t)) ? 1 : 0;
      }
      const [share, mass, info] = explained(v.content, v.contentWeights, p);
      const norm = 1 - FE.length_b + (FE.length_b * p.length) / AVERAGE_LENGTH;
      const f = {
        sig_cov: sigCov,
        sig_mass: sigMass,
        cause_cov: causeCov,
        fit,
        tail_fit: tail,
        title_cov: titleCov,
        title_mass: titleMass,
        exact,
        expl: share,
        expl_tail: explained(v.tail, v.tailWeights, p)[0],
        expl_mass: Math.min(mass / UNIT / norm, FE.mass_cap),
        paste_expl: pasteExpl,
        bm25,
        info: Math.min(info / UNIT, FE.info_cap),
        command: v.segment.kind === "command" ? 1 : 0,
        error: p.isError ? 1 : 0,
        templated: p.templates.length ? 1 : 0,
        body: t && t.origin === "body" ? 1 : 0,
        first: t && t.origin === "body" && t.first ? 1 : 0,
        shared: t && shared.has(t.text) ? 1 : 0,
      };
      return [f, t];
    }

    // ---- the model (matcher/model.py) -------------------------------------------------------------
    const MODEL = data.model;

    function logOdds(f) {
      let sum = 0;
      S.model.forEach((term, i) => {
        let x = 1;
        for (const factor of term.factors) x *= factor === "topic" ? 1 - f.error : f[factor];
        sum += MODEL.coef[i] * x;
      });
      return MODEL.intercept + sum;
    }

    const sigmoid = (z) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

    // ---- entries and retrieval (matcher/retrieval.py) ---------------------------------------------
    const entries = data.entries.map((e, index) => ({
      entry: e,
      index,
      isError: e.kind === "error",
      templates: e.templates.map((t) => Object.assign({ signatureSet: new Set(t.signature) }, t)),
      title: e.title_terms,
      heading: clean(e.title),
      headingKey: headingKey(e.title), // what the index keeps for the look-up (kb.terms.heading_key)
      lookupKey: headingKey(clean(e.title)), // what a one-line paste is compared with (Matcher._score)
      copyKey: e.copy_key,
      link: e.link,
      pageLink: e.page_link, // null unless the entry is its page's only one
      prose: new Set(e.prose),
      code: new Set(e.code),
      length: e.length,
      tf: new Map(Object.entries(e.tf)),
    }));
    const R = S.retrieval;

    function queryTerms(wanted) {
      const known_ = uniq(wanted)
        .map((t) => [df(t), t])
        .filter((dt) => dt[0] > 0)
        .sort((a, b) => a[0] - b[0] || cmp(a[1], b[1]));
      const cap = Math.max(R.common_floor, Math.floor(data.stats.doc_count / R.common_share));
      const out = [];
      for (const [i, dt] of known_.slice(0, R.max_terms).entries()) {
        if (dt[0] > cap && i >= R.min_terms) break;
        out.push(dt);
      }
      return out;
    }

    function candidates(views, links) {
      const wanted = [];
      for (const v of views) {
        wanted.push(...v.content);
        for (const t of v.sequence) if (t[0] !== "<") wanted.push(t);
      }
      const query = queryTerms(wanted);
      const n = data.stats.doc_count;
      const k1 = R.k1;
      const b = R.length_b;
      // Generic words damped as much as the knowledge base is small (generic_damping in matcher/retrieval.py).
      const damping = 1 - ((1 - W.generic_factor) * W.background_strength) / (n + W.background_strength);
      const gains = query.map(([d, t]) => (Math.log(n / (d + 1)) + 1) * (generic(t) ? damping : 1));
      const scored = [];
      for (const p of entries) {
        let score = 0;
        let hit = false;
        query.forEach(([, t], i) => {
          const tf = p.tf.get(t);
          if (tf) {
            score += (gains[i] * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * p.length) / AVERAGE_LENGTH));
            hit = true;
          }
        });
        if (hit) scored.push([score, p]);
      }
      scored.sort((a, b) => b[0] - a[0] || a[1].index - b[1].index);
      // Copies of one entry in other versions of its page crowd the candidates: read deeper, so as
      // many problems are scored as without them (Matcher.candidates).
      let count = data.stats.candidates;
      const distinct = new Set(scored.slice(0, count).map(([, p]) => p.copyKey)).size;
      if (scored.length >= count && distinct < count) count = Math.min(Math.ceil((count * count) / distinct), R.copies_depth * count);
      const top = scored.slice(0, count);
      const lookup = D.heading_lookup && views.length === 1;
      if (lookup || links.size) {
        // Then the entries whose heading the paste is, or whose sections it links to, in the
        // knowledge base's order (retrieve's `titled`).
        const chosen = new Set(top.map(([, p]) => p));
        const hit = new Map(scored.map(([score, p]) => [p, score]));
        const typed = lookup ? headingKey(views[0].segment.text) : null; // once, not once per entry
        for (const p of entries) {
          if (!chosen.has(p) && ((lookup && typed === p.headingKey) || linksTo(links, p))) {
            top.push([hit.get(p) || 0, p]);
          }
        }
      }
      const best = top.length && top[0][0] > 0 ? top[0][0] : 1;
      return top.map(([score, p]) => [p, score / best]);
    }

    // ---- scoring and ranking (matcher/matcher.py, matcher/decide.py) ------------------------------
    const D = S.decide;
    const PASTED_LINE = rx(D.pasted_line);

    const VALUE_NAMES = V.value_names;

    function literalValues(masked) {
      return new Set(masked.values.filter(([name]) => VALUE_NAMES.includes(name)).map(([, v]) => stripQuotes(v).toLowerCase()));
    }

    function stripQuotes(v) {
      let a = 0;
      let b = v.length;
      while (a < b && (v[a] === '"' || v[a] === "'")) a++;
      while (b > a && (v[b - 1] === '"' || v[b - 1] === "'")) b--;
      return v.slice(a, b);
    }

    function agree(t, v) {
      if (!t || !t.values.length) return 0;
      const found = literalValues(v.segment.masked);
      return t.values.filter((x) => found.has(x)).length;
    }

    const signatureOf = (s) => (s.template ? s.template.signature : s.p.title);

    // The two say the same words, spacing and letter case aside (Python's split(): any whitespace).

    // The sections a paste links to, as page#anchor, and the pages, as page (linked_sections in
    // matcher/matcher.py); only links the knowledge base knows are read further (KnowledgeBase.links).
    const LINK = rx(D.link, "g");
    const PAGE_LINK = rx(D.page_link, "g");
    const KNOWN = new Set(entries.flatMap((p) => [p.link, p.link.slice(0, p.link.lastIndexOf("#"))]));
    const linksTo = (links, p) => links.has(p.link) || (p.pageLink !== null && links.has(p.pageLink));
    // an anchor percent-decoded, as an address bar copies it; as it is where that fails (_percent_decoded)
    const percentDecoded = (text) => {
      if (!text.includes("%") || /%(?![0-9A-Fa-f]{2})/.test(text)) return text;
      try {
        return decodeURIComponent(text);
      } catch (e) {
        return text;
      }
    };
    const anchorsOf = (m) => {
      const a = percentDecoded(m[2]);
      return (a.startsWith("_") && a.length > 1 ? [a, a.slice(1)] : [a]).map((f) => `${m[1]}#${f}`.toLowerCase());
    };
    const linksIn = (line) => [
      ...(line.includes("#") ? Array.from(line.matchAll(LINK)).flatMap(anchorsOf) : []),
      ...Array.from(line.matchAll(PAGE_LINK), (m) => m[1].toLowerCase()),
    ];
    const LINK_NOT = rx(D.link_not);
    const LINK_POINTER = rx(D.link_pointer);
    const LINK_LABEL = rx(D.link_label);
    // line k ends the hint printed under an error: back to the error, lines indented or blank, none a warning's
    function hintOfAnError(lines, k) {
      for (let j = k - 1; j >= Math.max(0, k - D.hint_lines); j--) {
        const raw = lines[j];
        const line = clean(raw);
        if (LINK_NOT.test(line)) return false;
        if (readsAsError(line)) return true;
        if (line && raw[0] !== " " && raw[0] !== "\t") return false;
      }
      return false;
    }
    function linkedSections(paste) {
      // links on an error's line, the line right after one, or pointing on at the end of its hint (link_pointer);
      // not a warning's, nor a person's (link_not)
      if (!paste.includes("://")) return new Set();
      const lines = paste.split("\n");
      const found = new Set();
      lines.forEach((raw, k) => {
        if (!raw.includes("://")) return;
        const before = k ? clean(lines[k - 1]) : "";
        if (LINK_LABEL.test(before)) raw = `${before} ${raw.trim()}`; // a link alone under its label
        // a log of a thousand URLs costs a look at each, not a reading
        if (!linksIn(raw.includes("\x1b") ? clean(raw) : raw).some((l) => KNOWN.has(l))) return;
        const line = clean(raw);
        const links = linksIn(line).filter((l) => KNOWN.has(l));
        if (
          links.length &&
          !LINK_NOT.test(line) &&
          (readsAsError(line) || (readsAsError(before) && !LINK_NOT.test(before)) || (LINK_POINTER.test(line) && hintOfAnError(lines, k)))
        )
          for (const l of links) found.add(l);
      });
      return found;
    }

    // matcher.py _quoted_whole: terms of an error text that are not the generic words of error reporting
    const telling = (t) => t.signature.filter((term) => term[0] !== "<" && !generic(term)).length;

    function best(p, bm25, views, whole, shared, links, alone) {
      const share = explained(whole, whole.map(weight), p)[0];
      let found = null;
      const both = p.templates.some((t) => t.origin === "body") && p.templates.some((t) => t.origin !== "body");
      for (const v of views) {
        let [f, t] = features(v, p, share, bm25, undefined, shared);
        let prob = sigmoid(logOdds(f));
        if (both) {
          // the stronger case of the entry's stated errors and those its answer quotes
          const [g, u] = features(v, p, share, bm25, !t || t.origin === "body", shared);
          const q = sigmoid(logOdds(g));
          if (q > prob) [f, t, prob] = [g, u, q];
        }
        const named = D.heading_lookup && views.length === 1 && headingKey(v.segment.text) === p.lookupKey;
        // a line that is one of its stated error texts whole is a look-up too (DecideSpec.error_lookup_fit)
        // ... repeating one of its literal values where it names some; the first error its answer quotes, before
        // its fix, when the paste is that one line, no other candidate quotes it and it says more than error
        // reporting's generic words (matcher.py _quoted_whole)
        const agreed = agree(t, v);
        const whole =
          t &&
          t.signature.length >= D.error_lookup_terms &&
          f.sig_cov >= 1 - 1e-9 &&
          f.fit >= D.error_lookup_fit &&
          (!t.values.length || agreed > 0);
        const quoted =
          alone &&
          t === p.templates.find((u) => u.origin === "body") &&
          t.first &&
          !f.shared &&
          telling(t) >= D.quoted_lookup_terms;
        const stated = whole && (t.origin !== "body" || quoted);
        if (named || linksTo(links, p) || stated) prob = Math.max(prob, MODEL.threshold); // a link outranks no better entry
        if (!found || prob > found.score) found = { p, score: prob, view: v, features: f, template: t, agree: agreed, named };
      }
      return found;
    }

    // The weighted Jaccard similarity of two lists of terms is at least `threshold`, summed in the
    // order the terms come (matcher/decide.py similar).
    function similar(a, b, threshold) {
      let union = 0;
      let both = 0;
      const sa = new Set(a);
      const sb = new Set(b);
      for (const t of uniq(a.concat(b))) {
        const wt = weight(t);
        union += wt;
        if (sb.has(t) && sa.has(t)) both += wt;
      }
      return union !== 0 && both / union >= threshold;
    }

    const twins = (a, b) => similar(signatureOf(a), signatureOf(b), D.twin_similarity);

    function rank(scored, views, whole, limit) {
      const shown = scored
        .filter((s) => s.score >= D.suggestion_floor)
        .sort((a, b) => b.score - a.score)
        .slice(0, 2 * limit)
        .filter((s) => s.template && s.template.origin !== "body");
      const group = new Map(shown.map((s) => [s.p.index, s.p.index]));
      for (let i = 0; i < shown.length; i++) {
        for (let j = i + 1; j < shown.length; j++) {
          const b = shown[j].p.index;
          if (group.get(b) === b && twins(shown[i], shown[j])) group.set(b, group.get(shown[i].p.index));
        }
      }
      const present = new Set(views.flatMap((v) => Array.from(v.maskedTerms)).concat(whole));
      // matcher/matcher.py _rank prefer: the values the paste repeats, then the heading's other words it holds
      const HEADING_WORDS = 1000;
      const prefer = (s) => {
        const signature = new Set(signatureOf(s));
        const held = s.p.title.filter((t) => !signature.has(t) && present.has(t)).length;
        return s.agree * HEADING_WORDS + Math.min(held, HEADING_WORDS - 1);
      };
      const alike = (a, b) => {
        const sa = signatureOf(a);
        const sb = signatureOf(b);
        const apart = sa.filter((t) => !sb.includes(t)).concat(sb.filter((t) => !sa.includes(t)));
        return prefer(a) === prefer(b) && apart.every((t) => t[0] === "<" || !present.has(t));
      };
      const groups = new Map();
      for (const s of scored) {
        const g = group.has(s.p.index) ? group.get(s.p.index) : s.p.index;
        if (!groups.has(g)) groups.set(g, []);
        groups.get(g).push(s);
      }
      const rows = [];
      for (const members of groups.values()) {
        const before = (a, b) =>
          prefer(b) > prefer(a) ||
          (prefer(b) === prefer(a) && (b.score > a.score || (b.score === a.score && b.p.index < a.p.index)));
        const top = members.reduce((a, b) => (before(a, b) ? b : a));
        const first = Math.min(...members.map((m) => m.p.index));
        for (const m of members) {
          const score = m !== top && alike(m, top) ? top.score : m.score;
          rows.push({ named: m.named ? 1 : 0, groupBest: top.score, first, agree: prefer(m), score, s: m });
        }
      }
      rows.sort(
        (a, b) =>
          b.named - a.named ||
          b.groupBest - a.groupBest ||
          a.first - b.first ||
          b.agree - a.agree ||
          b.score - a.score ||
          a.s.p.index - b.s.p.index
      );
      return rows.map((r) => [r.score, r.s]);
    }

    // One problem in two versions of a page (matcher/matcher.py are_copies): one copy key (heading,
    // page name, titles above), on two pages, both answered, with alike answers.
    function areCopies(a, b) {
      const ea = a.p.entry;
      const eb = b.p.entry;
      if (ea.source === eb.source || a.p.copyKey !== b.p.copyKey || ea.unanswered || eb.unanswered) return false;
      return similar([...a.p.prose, ...a.p.code], [...b.p.prose, ...b.p.code], D.copy_similarity);
    }

    // The ranking with each entry's copies taken out, and the copies of each (matcher/decide.py collapse).
    function collapse(ranked) {
      const kept = [];
      const byKey = new Map();
      const copies = new Map();
      for (const [score, s] of ranked) {
        if (!byKey.has(s.p.copyKey)) byKey.set(s.p.copyKey, []);
        const alike = byKey.get(s.p.copyKey);
        const first = alike.find((k) => areCopies(k, s));
        if (first === undefined) {
          kept.push([score, s]);
          alike.push(s);
        } else {
          if (!copies.has(first.p.index)) copies.set(first.p.index, []);
          copies.get(first.p.index).push(s);
        }
      }
      return [kept, copies];
    }

    // ---- params (matcher/params.py) ---------------------------------------------------------------
    const P = S.params;
    const KIND_NAMES = new Map(P.kind_names);
    const PARAM_TOKEN = rx(P.token, "g");
    const NAME_WORD = rx(P.name_word);
    const SLOT = rx(S.masking.placeholder, "g");

    function nameBefore(text) {
      const words = text.trim().split(/[ \t]+/).filter((w) => w).slice(-P.name_words);
      if (!words.length || !NAME_WORD.test(words[words.length - 1])) return "";
      if (words.length === 2 && NAME_WORD.test(words[0])) return words.join(" ").toLowerCase();
      return words[words.length - 1].toLowerCase();
    }

    function paramSlots(template) {
      const slots = [];
      let at = 0;
      for (const m of template.matchAll(SLOT)) {
        const between = template.slice(at, m.index).trim();
        const joined = slots.length && (between === P.list_join || between === "");
        slots.push([joined ? slots[slots.length - 1][0] : nameBefore(template.slice(at, m.index)) || (KIND_NAMES.get(m[1]) ?? m[1]), m[0]]);
        at = m.index + m[0].length;
      }
      return slots;
    }

    function align(a, b) {
      const n = a.length;
      const m = b.length;
      const longest = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
      for (let i = n - 1; i >= 0; i--) {
        for (let j = m - 1; j >= 0; j--) {
          longest[i][j] = a[i] === b[j] ? longest[i + 1][j + 1] + 1 : Math.max(longest[i + 1][j], longest[i][j + 1]);
        }
      }
      const out = new Map();
      let i = 0;
      let j = 0;
      while (i < n && j < m) {
        if (a[i] === b[j]) out.set(i++, j++);
        else if (longest[i + 1][j] >= longest[i][j + 1]) i++;
        else j++;
      }
      return out;
    }

    const unquoteValue = (v) => (v.length >= 2 && v[0] === v[v.length - 1] && (v[0] === '"' || v[0] === "'") ? v.slice(1, -1) : v);

    function extractParams(template, masked) {
      const slots = paramSlots(template);
      if (!slots.length) return {};
      const tTokens = template.match(PARAM_TOKEN) || [];
      const sTokens = masked.text.toLowerCase().match(PARAM_TOKEN) || [];
      const aligned = align(tTokens, sTokens);
      const originals = masked.values.map((x) => x[1]);
      const values = new Map();
      let k = 0;
      sTokens.forEach((t, j) => {
        if (t[0] === "<") values.set(j, unquoteValue(k < originals.length ? originals[k++] : ""));
      });
      const places = [];
      tTokens.forEach((t, i) => t[0] === "<" && places.push(i));
      const groups = [];
      slots.forEach(([name], idx) => {
        if (idx >= places.length) return;
        if (groups.length && groups[groups.length - 1][0] === name) groups[groups.length - 1][1].push(places[idx]);
        else groups.push([name, [places[idx]]]);
      });
      const found = new Map();
      for (const [name, group] of groups) {
        const first = group[0];
        const last = group[group.length - 1];
        let lo;
        let hi;
        if (aligned.has(first) && first === last) {
          lo = aligned.get(first);
          hi = lo + 1;
        } else {
          let left = -1;
          let right = sTokens.length;
          for (const [i, j] of aligned) {
            if (i < first) left = Math.max(left, j);
            if (i > last) right = Math.min(right, j);
          }
          lo = left + 1;
          hi = right;
        }
        const kinds = new Set(group.map((i) => tTokens[i]));
        const picked = [];
        for (let j = lo; j < hi; j++) if (values.has(j) && kinds.has(sTokens[j])) picked.push(values.get(j));
        if (picked.length) {
          if (!found.has(name)) found.set(name, []);
          found.get(name).push(...picked);
        }
      }
      return Object.fromEntries(found);
    }

    // ---- the --json object (kbfind/payload.py) ---------------------------------------------------
    function matchJson(score, s, confident, copies) {
      const e = s.p.entry;
      const out = { id: e.id, title: e.title, score: pyRound(score, D.score_digits), source: e.source, line: e.line };
      if (options.siteRoot) out.url = options.siteRoot + e.path;
      return Object.assign(out, {
        kind: e.kind,
        unanswered: e.unanswered,
        breadcrumb: e.breadcrumb,
        answer: e.answer,
        code: e.blocks,
        confident,
        params: s.template ? extractParams(s.template.text, s.view.segment.masked) : {},
        matched: matchedJson(s),
        copies: (copies.get(s.p.index) || []).map((c) => copyJson(c.p.entry)),
      });
    }

    // Where a copy of a match is (kbfind/payload.py copy_json).
    function copyJson(e) {
      const out = { id: e.id, source: e.source, line: e.line };
      if (options.siteRoot) out.url = options.siteRoot + e.path;
      return out;
    }

    // What of the entry the line matched: an error text it holds some of, else its words.
    function matchedJson(s) {
      const t = s.features.sig_cov > 0 ? s.template : null;
      const e = s.p.entry;
      const out = { line: s.view.segment.line, text: s.view.segment.text };
      return Object.assign(out, { origin: t ? t.origin : "words", origin_line: t ? t.line : e.line });
    }

    // The error texts more than one of the entries has, the entries of one copy key counting once
    // (matcher/features.py shared_texts).
    function sharedTexts(profiles) {
      const seen = new Map();
      for (const p of profiles) {
        for (const text of uniq(p.templates.map((t) => t.text))) seen.set(text, (seen.get(text) || new Set()).add(p.copyKey));
      }
      return new Set([...seen].filter(([, keys]) => keys.size > 1).map(([text]) => text));
    }

    // matcher.py: undecodable bytes carried as lone surrogates are read as U+FFFD (a pair is one character)
    const wellFormed = (text) => text.replace(/\p{Cs}/gu, "\ufffd");

    const stages = (paste, limit) => wellFormedStages(wellFormed(paste), limit);

    function wellFormedStages(paste, limit) {
      const segs = segments(paste);
      const views = segs.map(view);
      const whole = uniq(views.flatMap((v) => v.content));
      const links = linkedSections(paste);
      const cands = candidates(views, links);
      const shared = sharedTexts(cands.map(([p]) => p));
      const lines = paste.replace(NEWLINE, "\n").split("\n");
      const alone = lines.filter((line) => PASTED_LINE.test(line)).length === 1;
      const scored = cands.map(([p, bm25]) => best(p, bm25, views, whole, shared, links, alone));
      const [ranked, copies] = collapse(rank(scored, views, whole, limit));
      return { segments: segs, views, candidates: cands, scored, ranked, copies };
    }

    function analyze(paste, limit = 5) {
      paste = wellFormed(paste);
      const st = wellFormedStages(paste, limit);
      const matches = st.ranked.filter((r) => r[0] >= MODEL.threshold).slice(0, limit);
      const suggestions = st.ranked.filter((r) => r[0] >= D.suggestion_floor && r[0] < MODEL.threshold).slice(0, limit);
      return {
        query: paste,
        matches: matches.map(([score, s]) => matchJson(score, s, true, st.copies)),
        suggestions: suggestions.map(([score, s]) => matchJson(score, s, false, st.copies)),
      };
    }

    return { analyze, stages, terms, mask, frameLine, segments, clean };
  }

  return { FORMAT, create, pyRound };
});
