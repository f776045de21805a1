/* How the time of every spec pattern grows on adversarial families of text, in the browser's
 * engine: tests/test_regex_growth.py writes the patterns ({source, flags}, compiled with "u" as
 * the paste page does) and the families, and reads back what grows worse than the allowed ratio.
 * Usage: node regex_growth.js SETUP.json — prints {"checked": N, "problems": [...]}; the name of
 * each pattern goes to stderr before it runs, so a pattern that never finishes is named. */
"use strict";
const fs = require("fs");
const { performance } = require("perf_hooks");

const setup = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));

function runTime(rx, text) {
  const start = performance.now();
  for (const _ of text.matchAll(rx)); // every match, as search, replace and split go through them
  return (performance.now() - start) / 1000;
}

function problem(rx, family) {
  // Noise only ever slows a run down: the best of five runs at n (the first one is interpreted,
  // later ones compiled; a busy machine slows a few), and of one at the larger size, then three more
  // when that one alone fails.
  const small = family.prefix + family.unit.repeat(family.n) + family.suffix;
  const large = family.prefix + family.unit.repeat(setup.growth * family.n) + family.suffix;
  const bound = (tSmall) => Math.max(setup.floor, setup.ratio * tSmall);
  const tSmall = Math.min(...Array.from({ length: 5 }, () => runTime(rx, small)));
  let tLarge = runTime(rx, large);
  if (tLarge > bound(tSmall)) tLarge = Math.min(tLarge, runTime(rx, large), runTime(rx, large), runTime(rx, large));
  if (tLarge <= bound(tSmall)) return null;
  return `${family.name}: ${(tSmall * 1e3).toFixed(2)} ms at n=${family.n} units, ${(tLarge * 1e3).toFixed(2)} ms at ${setup.growth}n`;
}

const problems = [];
let checked = 0;
for (const [name, p] of Object.entries(setup.patterns)) {
  process.stderr.write(`${name} /${p.source}/\n`);
  const rx = new RegExp(p.source, "gu" + p.flags);
  for (const family of setup.families) {
    const why = problem(rx, family);
    if (why) problems.push(`${name}: ${why}`);
    checked += 1;
  }
}
process.stdout.write(JSON.stringify({ checked, problems }));
