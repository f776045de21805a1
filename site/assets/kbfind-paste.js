/* kbfind paste page: the matcher of `kbfind`, run in the browser on data the site build exported
 * from the Python code (matcher/export.py): the same framing and masking rules in the same order,
 * the same terms, weights, features and fitted model. Pasted text is only ever handled as text:
 * results are built with textContent, never innerHTML.
 */
(function () {
  "use strict";

  const script = document.currentScript;
  const dataUrl = script && script.dataset.kbData ? script.dataset.kbData : new URL("kbfind-data.json", script.src).href;

  function rx(r, extra) {
    return new RegExp(r.source, r.flags + (extra || ""));
  }

  function uniq(items) {
    return Array.from(new Set(items));
  }

  function rstrip(text, chars) {
    let end = text.length;
    while (end > 0 && chars.indexOf(text[end - 1]) >= 0) end--;
    return text.slice(0, end);
  }

  function pySplit(text, re) {
    // Python's re.split: zero-width matches split too (JavaScript's split does the same).
    return text.split(re);
  }

  function Matcher(data) {
    const R = data.rules;
    const T = data.terms;
    const W = data.weights;
    const M = data.model;

    // ---- terms (kb/terms.py) ------------------------------------------------------------
    const TOKEN = rx(T.token, "g");
    const CJK = rx(T.cjk);
    const SEPARATOR = rx(T.separator, "g");
    const SEPARATOR_TEST = rx(T.separator);
    const SUBCOMPOUND = rx(T.subcompound, "g");
    const CAMEL = rx(T.camel, "g");
    const STOP = new Set(T.stopwords);
    const PHRASES = new Map(Object.entries(T.phrases));

    function isCjk(term) {
      return CJK.test(term[0] || "");
    }

    function fold(word) {
      let w = word.toLowerCase().replace(/['’]/g, "");
      if (w.length > 4 && w.endsWith("ies")) return w.slice(0, -3) + "y";
      if (w.length > 3 && w.endsWith("s") && !/(ss|us|is|os|as)$/.test(w) && /[a-z]/i.test(w[w.length - 2])) {
        return w.slice(0, -1);
      }
      return w;
    }

    function keep(term) {
      return term.length > 1 && !STOP.has(term) && !/^\d+$/.test(term);
    }

    function wordTerms(token, out) {
      token = token.slice(0, T.max_term);
      const parts = [];
      for (const piece of pySplit(token, SEPARATOR)) {
        for (const p of pySplit(piece, CAMEL)) if (p) parts.push(fold(p));
      }
      const whole = fold(token);
      if (parts.length > 1) {
        out.push(whole);
        for (const sub of pySplit(token, SUBCOMPOUND)) {
          if (sub && sub !== token && SEPARATOR_TEST.test(sub)) out.push(fold(sub));
        }
        for (const p of parts) if (p !== whole && keep(p)) out.push(p);
      } else if (keep(whole)) {
        out.push(whole);
      }
    }

    function plainTerms(text) {
      const out = [];
      for (const m of text.matchAll(TOKEN)) {
        const token = m[0];
        if (token[0] === "<") out.push(token);
        else if (isCjk(token)) {
          const chars = Array.from(token);
          if (chars.length === 1) out.push(token);
          for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
        } else wordTerms(token, out);
      }
      return out;
    }

    function terms(text) {
      const plain = plainTerms(text);
      const out = [];
      let i = 0;
      while (i < plain.length) {
        let matched = false;
        for (let n = Math.min(T.longest_phrase, plain.length - i); n > 0; n--) {
          const concept = PHRASES.get(plain.slice(i, i + n).join("\u0001"));
          if (concept) {
            if (!out.length || out[out.length - 1] !== concept) out.push(concept);
            i += n;
            matched = true;
            break;
          }
        }
        if (!matched) out.push(plain[i++]);
      }
      return out;
    }

    // ---- weights (matcher/weights.py) -----------------------------------------------------
    const DF = new Map(Object.entries(W.df));
    const GENERIC = new Set(W.generic);
    const N = W.doc_count;
    const cache = new Map();

    function generic(term) {
      if (GENERIC.has(term)) return true;
      if (Array.from(term).length === 2 && isCjk(term)) {
        for (const c of term) if (W.cjk_function.indexOf(c) >= 0) return true;
      }
      return false;
    }

    function weight(term) {
      let w = cache.get(term);
      if (w === undefined) {
        if (term[0] === "<") w = W.placeholder_weight;
        else {
          const df = DF.get(term) || 0;
          const idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
          w = generic(term) ? idf * W.generic_factor : idf;
        }
        cache.set(term, w);
      }
      return w;
    }

    function known(term) {
      return term[0] === "<" || (DF.get(term) || 0) > 0;
    }

    // ---- framing (matcher/framing.py) ------------------------------------------------------
    const ESCAPES = rx(R.escapes, "g");
    const CONTROLS = rx(R.controls, "g");
    const FENCE = rx(R.fence);
    const RULER = rx(R.ruler);
    const FRAMING = R.framing.map((r) => ({ name: r.name, re: rx(r), repl: r.repl }));
    const PROMPT = rx(R.prompt);
    const COMMAND_WORD = rx(R.command_word);
    const LOGFMT = rx(R.logfmt, "g");
    const KLOG_STRUCTURED = rx(R.klog_structured);

    function stripControls(text) {
      return text.replace(ESCAPES, "").replace(CONTROLS, " ");
    }

    function unescape(value) {
      return value.replace(/\\(.)/g, (m, c) => (c === "n" || c === "t" ? " " : c));
    }

    function stripPrefixes(text, fired) {
      for (let pass = 0; pass < 8; pass++) {
        const before = text;
        for (const rule of FRAMING) {
          const next = text.replace(rule.re, rule.repl);
          if (next !== text) {
            fired.push(rule.name);
            text = next.replace(/^\s+/, "");
          }
        }
        if (text === before) break;
      }
      return text;
    }

    function pairs(text) {
      const out = [];
      for (const m of text.matchAll(LOGFMT)) {
        const value = m[2];
        out.push([m[1], value.startsWith('"') ? unescape(value.slice(1, -1)) : value]);
      }
      return out;
    }

    function fields(text, fired) {
      const m = KLOG_STRUCTURED.exec(text);
      if (m) {
        fired.push("klog-structured");
        const values = Object.fromEntries(pairs(m[2] || ""));
        const details = Object.keys(values)
          .filter((k) => k === "err" || k === "error")
          .map((k) => values[k]);
        return [unescape(m[1]), details];
      }
      const found = Object.fromEntries(pairs(text));
      if ("msg" in found && ((" " + text).indexOf(" level=") >= 0 || text.indexOf("time=") >= 0)) {
        fired.push("logfmt");
        const inner = stripPrefixes(found.msg, fired);
        const details = Object.keys(found)
          .filter((k) => k === "err" || k === "error")
          .map((k) => found[k]);
        return [inner.startsWith('"') ? fields(inner, fired)[0] : inner, details];
      }
      return [text, []];
    }

    function frameLine(line) {
      if (FENCE.test(line) || RULER.test(line)) return null;
      const fired = [];
      let text = stripPrefixes(line.trim(), fired);
      if (FENCE.test(text) || RULER.test(text)) return null;
      let command = false;
      const m = PROMPT.exec(text);
      if (m && COMMAND_WORD.test(text.slice(m[0].length))) {
        text = text.slice(m[0].length);
        command = true;
        fired.push("prompt");
      }
      const [message, details] = fields(text, fired);
      return { text: message.trim(), details, rules: fired, command };
    }

    // ---- masking (matcher/masking.py) ------------------------------------------------------
    const MASKS = R.masking.map((r) => ({ name: r.name, re: rx(r, "g") }));

    function splitPiece(piece, rule) {
      const [value, name] = piece;
      if (name || !value) return [piece];
      const out = [];
      let at = 0;
      for (const m of value.matchAll(rule.re)) {
        const found = rstrip(m[0], R.trailing);
        if (!found) continue;
        if (m.index > at) out.push([value.slice(at, m.index), null]);
        out.push([found, rule.name]);
        at = m.index + found.length;
      }
      if (at < value.length) out.push([value.slice(at), null]);
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

    const PLACEHOLDER = rx(R.placeholder, "g");

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

    function samePieces(a, b) {
      return a.length === b.length && a.every((p, i) => p[0] === b[i][0] && p[1] === b[i][1]);
    }

    function mask(text) {
      let pieces = placeholders(text);
      for (let round = 0; round < R.mask_rounds; round++) {
        let changed = false;
        for (const rule of MASKS) {
          const split = pieces.flatMap((p) => splitPiece(p, rule));
          if (!samePieces(split, pieces)) changed = true;
          pieces = split;
        }
        if (!changed) break;
      }
      pieces = absorbQuotes(pieces);
      return {
        text: pieces.map(([v, n]) => (n ? `<${n}>` : v)).join(""),
        pieces,
      };
    }

    function keeping(masked, names) {
      return masked.pieces.map(([v, n]) => (n && !names.has(n) ? `<${n}>` : v)).join("");
    }

    // ---- segments (matcher/segments.py) ----------------------------------------------------
    const SHAPE = rx(R.shape, "g");
    const SCHEDULER = rx(R.scheduler);
    const REASON_SPLIT = rx(R.reason_split);
    const FIT_SUMMARY = rx(R.fit_summary);
    const REL_WORD = rx(R.relevance_word, "g");
    const ERROR_CUE = rx(R.error_cue);

    function relevance(line) {
      const words = uniq((line.toLowerCase().match(REL_WORD) || []).slice(0, R.relevance_words));
      const cue = ERROR_CUE.test(line) ? 2 : 1;
      let total = 0;
      for (const t of words) if (known(t)) total += weight(t);
      return cue * total;
    }

    function lines(paste) {
      const seen = new Set();
      let out = [];
      stripControls(paste)
        .split(/\r\n|[\n\r\u0085\u2028\u2029]/)
        .forEach((raw, i) => {
          if (!raw.trim()) return;
          raw = raw.slice(0, R.max_line_chars);
          const shape = raw.replace(SHAPE, "#");
          if (!seen.has(shape)) {
            seen.add(shape);
            out.push([i + 1, raw]);
          }
        });
      if (out.length > R.max_lines) {
        out = out
          .map((nl) => [relevance(nl[1]), nl])
          .sort((a, b) => b[0] - a[0])
          .slice(0, R.max_lines)
          .map((x) => x[1])
          .sort((a, b) => a[0] - b[0]);
      }
      return out;
    }

    function reasons(text, kind) {
      let m = SCHEDULER.exec(text);
      if (m) {
        const found = pySplit(m[1], REASON_SPLIT)
          .map((r) => rstrip(r.trim(), "."))
          .filter((r) => r)
          .map((r) => [r, "reason"]);
        return found.length > 1 ? found.concat([[text, kind]]) : found;
      }
      m = FIT_SUMMARY.exec(text);
      if (m) {
        return m[1]
          .split(",")
          .map((r) => r.trim())
          .filter((r) => r)
          .map((r) => [r, "reason"]);
      }
      return [[text, kind]];
    }

    function segments(paste) {
      const kept = new Set();
      const found = [];
      for (const [n, raw] of lines(paste)) {
        const framed = frameLine(raw);
        if (!framed || (!framed.text && !framed.details.length)) continue;
        const kind = framed.command ? "command" : "line";
        const pieces = [[framed.text, kind]].concat(framed.details.map((d) => [d, "field"]));
        for (const [text, k] of pieces) {
          for (let [part, pk] of reasons(text, k)) {
            part = part.trim().slice(0, R.max_segment_chars);
            const masked = mask(part);
            const key = masked.text.toLowerCase();
            if (part && !kept.has(key)) {
              kept.add(key);
              found.push({ text: part, masked, line: n, kind: pk });
            }
          }
        }
      }
      return found;
    }

    // ---- views and features (matcher/features.py) -----------------------------------------
    const KEEP = new Set(R.keep_names);
    const CLAUSE = rx(R.clause);
    const CLAUSE_WORD = /[\p{L}][\p{L}\p{N}_'-]*/gu;

    function splitClosed(term) {
      if (term.length < 7 || !/^\p{L}+$/u.test(term) || known(term)) return [term];
      for (let i = term.length - 3; i > 3; i--) {
        if (known(term.slice(0, i)) && known(term.slice(i))) return [term.slice(0, i), term.slice(i)];
      }
      return [term];
    }

    function view(seg) {
      const partial = keeping(seg.masked, KEEP);
      const content = uniq(
        terms(partial)
          .filter((t) => t[0] !== "<")
          .flatMap(splitClosed)
      );
      let tail = content;
      const clauses = pySplit(partial, CLAUSE);
      for (let i = clauses.length - 1; i >= 0; i--) {
        if ((clauses[i].match(CLAUSE_WORD) || []).length >= 2) {
          tail = uniq(terms(clauses[i]).filter((t) => t[0] !== "<"));
          break;
        }
      }
      const sequence = terms(seg.masked.text);
      return {
        segment: seg,
        sequence,
        maskedTerms: new Set(sequence),
        content,
        tail,
        contentWeights: content.map(weight),
        tailWeights: tail.map(weight),
      };
    }

    function lcs(a, b) {
      const prev = new Array(b.length + 1).fill(0);
      for (let i = 1; i <= a.length; i++) {
        let diag = 0;
        for (let j = 1; j <= b.length; j++) {
          const up = prev[j];
          prev[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(prev[j], prev[j - 1]);
          diag = up;
        }
      }
      return prev[b.length];
    }

    function explained(content, weights, p) {
      let total = 0;
      let hit = 0;
      for (let i = 0; i < content.length; i++) {
        const t = content[i];
        const wt = weights[i];
        total += wt;
        if (p.prose.has(t)) hit += wt;
        else if (p.code.has(t)) hit += wt * M.code_credit;
      }
      return [total ? hit / total : 0, hit, total];
    }

    function features(v, p, pasteExpl, bm25) {
      const unit = W.unit;
      let sigCov = 0;
      let sigMass = 0;
      let causeCov = 0;
      let titleCov = 0;
      let titleMass = 0;
      const total = p.signatureWeight || 1;
      if (p.isError) {
        let hit = 0;
        for (const t of p.signature) if (v.maskedTerms.has(t)) hit += weight(t);
        sigCov = hit / total;
        sigMass = Math.min(hit / unit, M.mass_cap);
        if (p.cause.length) causeCov = lcs(p.cause, v.sequence) / p.cause.length;
      } else {
        const content = new Set(v.content);
        let hit = 0;
        for (const t of p.signature) if (content.has(t)) hit += weight(t);
        titleCov = hit / total;
        titleMass = Math.min(hit / unit, M.mass_cap);
      }
      const [share, mass, info] = explained(v.content, v.contentWeights, p);
      const norm = 1 - M.length_b + (M.length_b * p.length) / W.average_length;
      return {
        sig_cov: sigCov,
        sig_mass: sigMass,
        cause_cov: causeCov,
        title_cov: titleCov,
        title_mass: titleMass,
        expl: share,
        expl_tail: explained(v.tail, v.tailWeights, p)[0],
        expl_mass: Math.min(mass / unit / norm, M.mass_cap),
        paste_expl: pasteExpl,
        bm25,
        info: Math.min(info / unit, M.mass_cap * 2),
        command: v.segment.kind === "command" ? 1 : 0,
        error: p.isError ? 1 : 0,
      };
    }

    // ---- the model (matcher/calibration.py) -------------------------------------------------
    function design(f) {
      const e = f.error;
      const t = 1 - e;
      const values = {
        error: e,
        "error*sig_cov": e * f.sig_cov,
        "error*sig_mass": e * f.sig_mass,
        "error*cause_cov": e * f.cause_cov,
        "error*sig_cov*cause_cov": e * f.sig_cov * f.cause_cov,
        "topic*title_cov": t * f.title_cov,
        "topic*title_mass": t * f.title_mass,
        "topic*title_cov*expl": t * f.title_cov * f.expl,
        "topic*title_cov*expl_tail": t * f.title_cov * f.expl_tail,
        expl: f.expl,
        expl_tail: f.expl_tail,
        expl_mass: f.expl_mass,
        paste_expl: f.paste_expl,
        bm25: f.bm25,
        info: f.info,
        command: f.command,
      };
      return M.terms.map((name) => {
        if (!(name in values)) throw new Error(`kbfind: model input ${name} is not known to this script`);
        return values[name];
      });
    }

    function probability(f) {
      const x = design(f);
      let z = M.intercept;
      for (let i = 0; i < x.length; i++) z += M.coef[i] * x[i];
      return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    // ---- entries and retrieval (kb/index.py: KnowledgeBase.retrieve) -------------------------
    const entries = data.entries.map((e) => ({
      entry: e,
      isError: e.kind === "error",
      signature: e.signature,
      cause: e.cause,
      prose: new Set(e.prose),
      code: new Set(e.code),
      length: e.length,
      tf: new Map(Object.entries(e.tf)),
    }));

    function candidates(views) {
      const wanted = [];
      for (const v of views) {
        for (const t of v.content) wanted.push(t);
        for (const t of v.maskedTerms) if (t[0] !== "<") wanted.push(t);
      }
      const cap = Math.max(50, Math.floor(N / 4));
      const query = uniq(wanted)
        .map((t) => [DF.get(t) || 0, t])
        .filter((dt) => dt[0] > 0 && dt[0] <= cap)
        .sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
        .slice(0, M.max_query_terms);
      const k1 = M.bm25.k1;
      const scored = [];
      entries.forEach((p, docnum) => {
        let score = 0;
        for (const [df, t] of query) {
          const tf = p.tf.get(t);
          if (tf) score += ((Math.log(N / (df + 1)) + 1) * tf * (k1 + 1)) / (tf + k1);
        }
        if (score > 0) scored.push([score, docnum, p]);
      });
      scored.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
      const top = scored.slice(0, M.candidates);
      const best = top.length ? top[0][0] : 1;
      return top.map(([score, , p]) => [p, score / best]);
    }

    for (const p of entries) p.signatureWeight = p.signature.reduce((a, t) => a + weight(t), 0);

    function similarity(a, b) {
      const sa = new Set(a.signature);
      const sb = new Set(b.signature);
      let union = 0;
      let both = 0;
      for (const t of new Set([...sa, ...sb])) {
        const w = weight(t);
        union += w;
        if (sa.has(t) && sb.has(t)) both += w;
      }
      return union ? both / union : 0;
    }

    function analyze(paste, limit) {
      const views = segments(paste).map(view);
      const whole = uniq(views.flatMap((v) => v.content));
      const scored = [];
      for (const [p, bm25] of candidates(views)) {
        const share = explained(whole, whole.map(weight), p)[0];
        let best = null;
        for (const v of views) {
          const prob = probability(features(v, p, share, bm25));
          if (!best || prob > best.score) best = { p, score: prob, view: v };
        }
        if (best) scored.push(best);
      }
      // near-duplicate error entries share a group and a score (matcher/api.py: _twins)
      const group = new Map(scored.map((s) => [s.p.entry, s.p.entry]));
      const shown = scored
        .filter((s) => s.score >= M.suggestion_floor)
        .sort((a, b) => b.score - a.score)
        .slice(0, 2 * limit);
      const errors = shown.filter((s) => s.p.isError);
      for (let i = 0; i < errors.length; i++) {
        for (let j = i + 1; j < errors.length; j++) {
          const a = errors[i].p;
          const b = errors[j].p;
          if (group.get(b.entry) === b.entry && similarity(a, b) >= M.twin_similarity) group.set(b.entry, group.get(a.entry));
        }
      }
      const order = new Map(data.entries.map((e, i) => [e, i]));
      const present = new Set(views.flatMap((v) => Array.from(v.maskedTerms)).concat(whole));
      const alike = (a, b) => {
        const sa = new Set(a.p.signature);
        const sb = new Set(b.p.signature);
        for (const t of sa) if (!sb.has(t) && t[0] !== "<" && present.has(t)) return false;
        for (const t of sb) if (!sa.has(t) && t[0] !== "<" && present.has(t)) return false;
        return true;
      };
      const groups = new Map();
      for (const s of scored) {
        const g = group.get(s.p.entry);
        if (!groups.has(g)) groups.set(g, []);
        groups.get(g).push(s);
      }
      const rows = [];
      for (const members of groups.values()) {
        const best = members.reduce((a, b) => (b.score > a.score || (b.score === a.score && order.get(b.p.entry) < order.get(a.p.entry)) ? b : a));
        const first = Math.min(...members.map((m) => order.get(m.p.entry)));
        for (const m of members) {
          const score = m !== best && alike(m, best) ? best.score : m.score;
          rows.push({ ...m, score, groupBest: best.score, first });
        }
      }
      const ranked = rows.sort(
        (a, b) => b.groupBest - a.groupBest || a.first - b.first || b.score - a.score || order.get(a.p.entry) - order.get(b.p.entry)
      );
      const matches = ranked.filter((s) => s.score >= M.threshold).slice(0, limit);
      const suggestions = ranked.filter((s) => s.score >= M.suggestion_floor && s.score < M.threshold).slice(0, limit);
      return { matches, suggestions, segments: views.length };
    }

    return { analyze, terms, mask, frameLine, segments };
  }

  // ---- the page ---------------------------------------------------------------------------------
  function render(list, result, status) {
    list.replaceChildren();
    const items = result.matches.map((s) => [s, true]).concat(result.suggestions.map((s) => [s, false]));
    if (!result.matches.length) {
      status.textContent = items.length
        ? "No confident match. The nearest entries, not confident:"
        : "No confident match, and no entry comes near.";
    } else {
      status.textContent = `${result.matches.length} confident match${result.matches.length > 1 ? "es" : ""}:`;
    }
    for (const [s, confident] of items) {
      const e = s.p.entry;
      const li = document.createElement("li");
      li.className = confident ? "kb-match" : "kb-suggestion";
      li.dataset.entryId = e.id;
      li.dataset.score = s.score.toFixed(4);
      const a = document.createElement("a");
      a.href = new URL(e.url, document.baseURI).href;
      a.textContent = e.title;
      const score = document.createElement("span");
      score.className = "kb-score";
      score.textContent = `${confident ? "" : "maybe "}${Math.round(s.score * 100)}%`;
      const where = document.createElement("span");
      where.className = "kb-where";
      where.textContent = e.unanswered ? `${e.source} · no answer recorded yet` : e.source;
      li.append(score, " ", a, " ", where);
      list.append(li);
    }
  }

  function start(data) {
    const matcher = Matcher(data);
    window.kbfind = matcher;
    const box = document.getElementById("kb-paste");
    const list = document.getElementById("kb-results");
    const status = document.getElementById("kb-status");
    if (!box || !list || !status) return;
    let timer = 0;
    const run = () => {
      const text = box.value;
      if (!text.trim()) {
        list.replaceChildren();
        status.textContent = "Paste an error above.";
        return;
      }
      render(list, matcher.analyze(text, 5), status);
    };
    box.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    box.disabled = false;
    status.textContent = "Paste an error above.";
    document.documentElement.dataset.kbReady = "true";
    if (box.value.trim()) run();
  }

  fetch(dataUrl)
    .then((r) => {
      if (!r.ok) throw new Error(`${dataUrl}: HTTP ${r.status}`);
      return r.json();
    })
    .then(start)
    .catch((err) => {
      const status = document.getElementById("kb-status");
      if (status) status.textContent = `The matcher could not load its data (${err.message}).`;
    });
})();
