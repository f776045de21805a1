/* kbfind paste page: loads the matcher's data, answers what is pasted, shows it as text only.
 *
 * window.kbfind.analyze(text, limit = 5) returns exactly the object `kbfind --json` prints for the
 * same knowledge base (kbfind-matcher.js does the matching); the page shows that object. Pasted
 * text and content are only ever handled as text: results are built with textContent.
 */
(function () {
  "use strict";

  const script = document.currentScript;
  const dataUrl = script && script.dataset.kbData ? script.dataset.kbData : new URL("kbfind-data.json", script.src).href;

  function render(list, result, status) {
    list.replaceChildren();
    const items = result.matches.concat(result.suggestions);
    if (!result.matches.length) {
      status.textContent = items.length
        ? "No confident match. The nearest entries, not confident:"
        : "No confident match, and no entry comes near.";
    } else {
      status.textContent = `${result.matches.length} confident match${result.matches.length > 1 ? "es" : ""}:`;
    }
    for (const m of items) {
      const li = document.createElement("li");
      li.className = m.confident ? "kb-match" : "kb-suggestion";
      li.dataset.entryId = m.id;
      li.dataset.score = String(m.score);
      const a = document.createElement("a");
      a.href = m.url;
      a.textContent = m.title;
      const score = document.createElement("span");
      score.className = "kb-score";
      score.textContent = `${m.confident ? "" : "maybe "}${Math.round(m.score * 100)}%`;
      const where = document.createElement("span");
      where.className = "kb-where";
      where.textContent = `${m.source}:${m.line}` + (m.unanswered ? " · no answer recorded yet" : "");
      li.append(score, " ", a, " ", where);
      list.append(li);
    }
  }

  function start(data) {
    // The data sits at <site>/assets/kbfind/kbfind-data.json: links are made from that site root.
    const siteRoot = new URL("../../", new URL(dataUrl, document.baseURI)).href;
    const matcher = window.kbfindMatcher.create(data, { siteRoot });
    window.kbfind = { analyze: (text, limit = 5) => matcher.analyze(text, limit) };
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
      render(list, window.kbfind.analyze(text, 5), status);
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
