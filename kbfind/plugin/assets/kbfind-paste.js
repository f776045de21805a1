/* kbfind paste page: answers what is pasted, shows each answer's first lines and its code.
 *
 * window.kbfind.analyze(text, limit = 5) returns exactly the object `kbfind --json` prints for the
 * same knowledge base (kbfind-matcher.js does the matching, from window.kbfindData that
 * kbfind-data.js sets: a script, not a fetched file, so the page works from file:// too). URLs are
 * made from where the page is served: the scripts sit at <site>/assets/kbfind/.
 *
 * Pasted text and content are only ever text: results are built with textContent, and a link is
 * made only to http(s) (or, opened from a file, to the site's own files).
 * A paste can come in the URL's fragment, #q=<text>: it is read here and never sent anywhere.
 */
(function () {
  "use strict";

  const script = document.currentScript;
  document.getElementById("kb-status")?.setAttribute("data-kb-script", ""); // it runs (kbfind-matcher.js watches)
  const siteRoot = new URL("../../", script.src).href;
  const ANSWER_LINES = 3; // lines of a confident answer's text; a suggestion shows one
  const CODE_BLOCKS = 2; // code blocks of a confident answer
  const CODE_LINES = 12; // lines of each

  function safeHref(url) {
    let u;
    try {
      u = new URL(url, document.baseURI);
    } catch (e) {
      return null;
    }
    if (u.protocol === "http:" || u.protocol === "https:") return u.href;
    if (u.protocol === "file:" && location.protocol === "file:") {
      if (u.pathname.endsWith("/")) u.pathname += "index.html"; // a folder does not open its page from a file
      return u.href;
    }
    return null;
  }

  // HTML elements an answer may write inline; other text in angle brackets is the author's
  // (`kubectl delete pod <pod-name>`, `replicas < 5 and surge > 1`).
  const HTML_TAG = new RegExp(
    "</?(?:a|abbr|article|aside|b|blockquote|br|center|cite|code|dd|del|details|div|dl|dt|em|figcaption|figure" +
      "|font|footer|h[1-6]|header|hr|i|img|ins|kbd|li|mark|nav|ol|p|picture|pre|q|s|samp|section|small|source" +
      "|span|strong|sub|summary|sup|table|tbody|td|th|thead|tr|tt|u|ul|var|video)(?:\\s[^<>]*)?/?>",
    "g", // lower case, as markdown writes HTML: <Table name> and <Source IP> are the author's placeholders
  );

  // An MDX component's tag (Docusaurus' <TabItem value="npm" label="npm">, </Tabs>, <Admonition />):
  // capitalized, and closing, closing itself or with attributes; not an author's <Your Project ID>.
  const JSX_TAG = /<\/[A-Z][\w.]*>|<[A-Z][\w.]*(?:\s+[\w:-]+(?:=(?:"[^"]*"|'[^']*'|\{[^{}]*\}))?)*\s+[\w:-]+=(?:"[^"]*"|'[^']*'|\{[^{}]*\})(?:\s+[\w:-]+(?:=(?:"[^"]*"|'[^']*'|\{[^{}]*\}))?)*\s*\/?>|<[A-Z][\w.]*\s*\/>/g;
  const BARE_COMPONENT = /<[A-Z][\w.]*\s*\/?>/g; // <Tabs> alone on its line
  const tagsOnly = (line) =>
    line.includes("<") && !line.replace(HTML_TAG, "").replace(JSX_TAG, "").replace(BARE_COMPONENT, "").trim();

  // The answer's first lines of text: code fences, admonition markers, HTML comments and tags, link
  // definitions and table rules left out; link, emphasis, code-span, list and table markup reduced to
  // their words.
  // kbfind/render.py uncommented: a line without its HTML comments, code spans kept as written, and
  // whether a comment is still open at its end
  function uncommented(line, inside) {
    let at = 0;
    if (inside) {
      const end = line.indexOf("-->");
      if (end < 0) return ["", true];
      at = end + 3;
    }
    const spans = [];
    const span = /(?<!\\)(`+)[^`]*?\1/g;
    span.lastIndex = at;
    for (let m; (m = span.exec(line)); ) spans.push([m.index, m.index + m[0].length]);
    const out = [];
    let k = 0;
    for (let start; (start = line.indexOf("<!--", at)) >= 0; ) {
      while (k < spans.length && spans[k][1] <= start) k++;
      if (k < spans.length && spans[k][0] <= start) {
        out.push(line.slice(at, spans[k][1]));
        at = spans[k][1];
        continue;
      }
      out.push(line.slice(at, start));
      const end = line.indexOf("-->", start + 4);
      if (end < 0) return [out.join(""), true];
      at = end + 3;
    }
    out.push(line.slice(at));
    return [out.join(""), false];
  }

  // kbfind/render.py _GITHUB_ALERT: a GitHub alert's marker line (> [!NOTE], > [!WARNING])
  const GITHUB_ALERT = /^>\s*\[!(?:note|tip|important|warning|caution)\]\s*$/i;
  // kbfind/render.py _LINK_DEFINITION: [label]: target "title", nothing else; [ERROR]: aborted is text
  const LINK_DEFINITION =
    /^ {0,3}\[[^\[\]\n]{1,200}\]:[ \t]*(?:<[^<>\n]*>|[^\s<>]*[/.#:][^\s<>]*)(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*$/;

  function answerLines(answer, count) {
    const out = [];
    let fence = "";
    let comment = false; // in an HTML comment, over lines too (Gitea's <!--- … --->), as kbfind/render.py
    for (const written of answer.split("\n")) {
      let raw = written;
      if (!fence && (comment || (raw.includes("<!--") && !/^(?: {4}|\t)/.test(raw)))) {
        [raw, comment] = uncommented(raw, comment);
        if (!raw.trim()) continue;
      }
      const line = raw.trim();
      const m = /^(`{3,}|~{3,})/.exec(line);
      if (m) {
        fence = fence && m[1].startsWith(fence) ? "" : fence || m[1];
        continue;
      }
      // a part's heading (Error message, Cause, Solution) names the part; the text under it is the answer
      if (fence || !line || /^(:::|!!!|\?\?\?|===|<!--|-->|#{1,6}\s)/.test(line)) continue;
      if (LINK_DEFINITION.test(line) || /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/.test(line)) continue;
      if (tagsOnly(line)) continue; // <Tabs>, <TabItem value="npm">, </details>: markup, no text
      if (GITHUB_ALERT.test(line)) continue; // > [!WARNING]: an alert's marker, as an admonition's opener
      if (/^(?:-{2,}8<-{2,}\s*["'][^"']+["']|\{!\s*[^!]+?\s*!\}|\{\{#(?!(?:if|each|unless|with|let|lookup|log|else)\b)[a-z][a-z_]{0,30}[ \t]+(?=[^\s{}]*[./])[^\s{}]+(?:[ \t]+[^\s{}][^{}\n]{0,200})?[ \t]*\}\})$/.test(line)) continue; // a file included (kb/kind.py INCLUDE)
      const row = line.startsWith("|"); // a table's row: its cells, not a shell's pipes
      const marked = line
        .replace(/^>\s?/, "")
        .replace(/^:\s+/, "") // a definition's marker (an FAQ written as a definition list)
        .replace(/^(?:[-*+]|\d{1,3}[.)])\s+/, "")
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
        .replace(/!?\[([^\]]+)\]\[[^\]]*\]/g, "$1");
      // a code span shows its text as written (`SHOW CREATE TABLE <table>`): markup is read outside it only
      let text = marked
        .split(/(`+[^`]+?`+)/)
        .map((part, k) =>
          k % 2
            ? part.replace(/^`+|`+$/g, "")
            : part
                .replace(HTML_TAG, "")
                .replace(JSX_TAG, "")
                .replace(/(\*\*|__)(.+?)\1/g, "$2")
                .replace(/(^|[\s(])([*_])(?=\S)(.+?)(?<=\S)\2(?=$|[\s).,;:!?])/g, "$1$3"),
        )
        .join("")
        .trim();
      if (row) text = text.replace(/^\|\s*|\s*\|$/g, "").replace(/\s+\|\s+/g, " · ");
      if (text) out.push(text);
      if (out.length >= count) break;
    }
    return out;
  }

  function codeBlock(block) {
    const pre = document.createElement("pre");
    pre.className = "kb-code";
    if (block.title) pre.dataset.title = block.title;
    const code = document.createElement("code");
    const lines = block.text.replace(/\n$/, "").split("\n");
    code.textContent = lines.slice(0, CODE_LINES).join("\n") + (lines.length > CODE_LINES ? "\n…" : "");
    pre.append(code);
    return pre;
  }

  function item(m) {
    const li = document.createElement("li");
    li.className = m.confident ? "kb-match" : "kb-suggestion";
    li.dataset.entryId = m.id;
    li.dataset.score = String(m.score);
    const head = document.createElement("div");
    head.className = "kb-head";
    const score = document.createElement("span");
    score.className = "kb-score";
    score.textContent = `${m.confident ? "" : "maybe "}${Math.round(m.score * 100)}%`;
    const href = m.url ? safeHref(m.url) : null;
    const title = document.createElement(href ? "a" : "span");
    if (href) title.href = href;
    title.className = "kb-title";
    title.textContent = m.title;
    const where = document.createElement("span");
    where.className = "kb-where";
    where.textContent = `${m.source}:${m.line}${matchedAt(m.matched)}`;
    head.append(score, " ", title, " ", where);
    li.append(head);
    const body = document.createElement("div");
    body.className = "kb-answer";
    if (m.unanswered) {
      const p = document.createElement("p");
      p.className = "kb-unanswered";
      p.textContent = "A known error: no answer has been recorded for it yet.";
      body.append(p);
    }
    for (const line of answerLines(m.answer || "", m.confident ? ANSWER_LINES : 1)) {
      const p = document.createElement("p");
      p.textContent = line;
      body.append(p);
    }
    if (m.confident) for (const block of (m.code || []).slice(0, CODE_BLOCKS)) body.append(codeBlock(block));
    if (body.childNodes.length) li.append(body);
    return li;
  }

  // What of the entry the paste matched, when it is not the heading: an error quoted in its
  // answer or an alias, at its line of the page (kbfind --explain says the same).
  function matchedAt(matched) {
    if (!matched) return "";
    if (matched.origin === "body") return ` · matched the error quoted at line ${matched.origin_line}`;
    if (matched.origin === "alias") return ` · matched its alias at line ${matched.origin_line}`;
    if (matched.origin === "message") return ` · matched the error message at line ${matched.origin_line}`;
    return "";
  }

  function render(list, result, status) {
    const items = result.matches.concat(result.suggestions);
    if (!result.matches.length) {
      status.textContent = items.length
        ? "No confident match. The nearest sections, not confident:"
        : "No confident match, and no section comes near.";
    } else {
      status.textContent = `${result.matches.length} confident match${result.matches.length > 1 ? "es" : ""}:`;
    }
    list.replaceChildren(...items.map(item));
  }

  // Everything after "#q=", percent-decoded only: a "+" or "&" of the error (g++, a & b) is its own.
  // Each run of escapes is decoded on its own, so a lone "%" (a link typed by hand: "limit 100%") is
  // text and the rest of the paste is still decoded.
  function fragmentPaste() {
    if (!location.hash.startsWith("#q=")) return null;
    return location.hash.slice(3).replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch (e) {
        return run; // not UTF-8: kept as written
      }
    });
  }

  // The paste, kept for this tab: Back after instant navigation (which swaps pages in place) and a
  // reload show the page anew, and the browser restores no box then.
  // The key names the site: two sites on one origin (user.github.io/a/, /b/) keep their own pastes.
  const KEPT = `kbfind-paste:${siteRoot}`;
  const KEPT_MAX = 1 << 20; // characters: a bigger paste is not kept (storage is a few MB)

  function keep(text) {
    try {
      if (text.length <= KEPT_MAX) sessionStorage.setItem(KEPT, text);
      else sessionStorage.removeItem(KEPT);
    } catch (e) {
      try {
        sessionStorage.removeItem(KEPT); // storage full: no older paste comes back in its place
      } catch (e2) {
        // storage off (a private window's policy, file:// in some browsers): nothing is kept
      }
    }
  }

  function kept() {
    try {
      return sessionStorage.getItem(KEPT) || "";
    } catch (e) {
      return "";
    }
  }

  // As `from matcher import match` checks its arguments: the paste is a string, limit a whole number, 1 or more.
  function checked(matcher) {
    return (text, limit = 5) => {
      if (typeof text !== "string") throw new TypeError(`paste must be a string, not ${typeof text}`);
      if (!Number.isInteger(limit)) throw new TypeError(`limit must be a whole number, not ${limit}`);
      if (limit < 1) throw new RangeError(`limit must be at least 1, not ${limit}`);
      return matcher.analyze(text, limit);
    };
  }

  // The scripts this one needs, by the global each sets. Loaded as the page lists them (defer),
  // they have run before this one; inserted again by mkdocs-material's instant navigation, they
  // run in any order (async), so this one waits for those not run yet.
  const NEEDED = { kbfindMatcher: "kbfind-matcher.js", kbfindData: "kbfind-data.js" };

  function whenLoaded(go, fail) {
    const missing = () => Object.keys(NEEDED).filter((name) => !window[name]);
    if (!missing().length || !script.async) return missing().length ? fail(missing()) : go();
    let settled = false;
    for (const name of missing()) {
      const tag = [...document.scripts].find((s) => s.src.endsWith(`/${NEEDED[name]}`));
      if (!tag) return fail([name]);
      tag.addEventListener("load", () => {
        if (settled || missing().length) return;
        settled = true;
        go();
      });
      tag.addEventListener("error", () => {
        if (settled) return;
        settled = true;
        fail([name]);
      });
    }
  }

  function start() {
    const status = document.getElementById("kb-status");
    let matcher;
    try {
      matcher = window.kbfindMatcher.create(window.kbfindData, { siteRoot });
    } catch (err) {
      if (status) status.textContent = `The matcher could not start (${err.message}).`;
      return;
    }
    window.kbfind = { analyze: checked(matcher) };
    if (location.protocol === "file:") {
      // Opened from disk, a folder's link opens a listing: the pages' links get their index.html too.
      for (const a of document.querySelectorAll(".kb-pages a")) {
        const href = safeHref(a.href);
        if (href) a.href = href;
      }
    }
    const box = document.getElementById("kb-paste");
    const list = document.getElementById("kb-results");
    if (!box || !list || !status) return;
    let timer = 0;
    let shown = null; // the text the results answer
    const run = () => {
      shown = box.value;
      keep(box.value); // once per answer, not per keystroke
      if (!box.value.trim()) {
        list.replaceChildren();
        status.textContent = "Paste an error above.";
        return;
      }
      render(list, window.kbfind.analyze(box.value, 5), status);
    };
    const fromFragment = () => {
      const q = fragmentPaste();
      if (q === null) return;
      box.value = q;
      run();
    };
    box.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
      if (fragmentPaste() !== null) {
        // the link's paste was edited: the fragment no longer says what the box holds (a reload, Back)
        history.replaceState(history.state, "", location.pathname + location.search);
      }
    });
    window.removeEventListener("hashchange", window.kbfindOnHash || fromFragment);
    window.kbfindOnHash = fromFragment; // one listener, the current page's, however often it is shown
    window.addEventListener("hashchange", fromFragment);
    box.disabled = false;
    status.textContent = "Paste an error above.";
    fromFragment();
    if (!box.value && fragmentPaste() === null) box.value = kept();
    if (box.value.trim()) run();
    // Back to this page, the browser restores the box's text after the scripts ran, without an input event:
    // the results must answer what the box holds. One listener, the current page's, however often
    // instant navigation shows it (as for hashchange).
    const onShow = () => {
      if (box.value !== shown) run();
    };
    window.removeEventListener("pageshow", window.kbfindOnShow || onShow);
    window.kbfindOnShow = onShow;
    window.addEventListener("pageshow", onShow);
    document.documentElement.dataset.kbReady = "true";
  }

  whenLoaded(start, (names) => {
    const status = document.getElementById("kb-status");
    const files = names.map((name) => `assets/kbfind/${NEEDED[name]}`).join(", ");
    if (status) status.textContent = `The matcher could not start (${files} did not load).`;
  });
})();
