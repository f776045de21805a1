/* Runs kbfind-matcher.js on queries and prints what each stage made of them, as JSON, in the
 * shape tests/parity.py writes for Python. Usage: node stages.js MATCHER.js DATA.json QUERIES.json */
"use strict";
const fs = require("fs");
const { create } = require(process.argv[2]);
const data = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const queries = JSON.parse(fs.readFileSync(process.argv[4], "utf8"));
const matcher = create(data);
const num = (x) => Number(x.toPrecision(12));

const out = queries.map((query) => {
  const st = matcher.stages(query, 5);
  return {
    query,
    segments: st.segments.map((s) => [s.line, s.kind, s.text, s.masked.text, s.rules.concat(s.masked.rules.map((r) => `mask:${r}`))]),
    terms: st.views.map((v) => [v.sequence, v.content, v.tail]),
    candidates: st.candidates.map(([p, bm25], i) => [p.index, num(bm25), num(st.scored[i].score)]),
    result: matcher.analyze(query, 5),
  };
});
process.stdout.write(JSON.stringify(out));
