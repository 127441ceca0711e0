#!/usr/bin/env bash
# Search benchmark: generates a 10,000-page Vietnamese site (Zipf-distributed vocabulary of
# about 6,000 words, headings, 5% policy documents with numbers), builds it with the release
# binary, and reports:
#   - the index size (files under search/, total and per kind),
#   - the bytes a first query downloads (manifest + term shards, and the steps of long lists,
#     the tail files, while the lists loaded cannot tell the hits, up to the query's budget:
#     "past the budget" then says the hits are ranked by their upper bounds; + the shown hits'
#     excerpt bundles), measured by
#     running the real search.js in node (tests/js/harness.js): the header box (6 hits) and the
#     results page as it loads before the reader does anything (its first 10 hits, then the
#     kind and document-type filter counts, unless the hits came from heads: those filters then
#     fold until opened), with what comes later reported apart: hits 11-20 when the list's end
#     nears the screen, the filters when opened,
#   - query time after load in headless Chromium (Debian's /usr/bin/chromium via playwright-core),
#     with performance.now(): a first query, the same query again, and each keystroke of a query
#     typed letter by letter.
# Figures are read, not asserted: machines here are shared and noisy.
# Usage: bash benches/search.sh [PAGES [SHARD_SIZE]]
#   (needs `npm ci --prefix tests/browser` and chromium; BENCH_DIR=dir keeps the generated site,
#   and BENCH_REUSE=1 with it measures the site built there last without building again;
#   LOA_BIN=path uses that loa binary instead of building the release one)
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES="${1:-10000}"
SHARD="${2:-}"
if [ -n "${BENCH_DIR:-}" ]; then
  WORK="$BENCH_DIR"
  mkdir -p "$WORK"
else
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
fi

if [ -n "${LOA_BIN:-}" ]; then
  LOA="$(realpath "$LOA_BIN")"   # another build of loa (e.g. target/debug/loa): its timings are not release ones
else
  cargo build --release --quiet --bin loa
  LOA="$PWD/target/release/loa"
fi

[ -f "$WORK/site/.pages-$PAGES" ] || node - "$WORK/site" "$PAGES" <<'EOF'
// The generated site: deterministic (xorshift), NFC, front matter loa accepts.
const fs = require('fs'), path = require('path');
const [root, pagesArg] = process.argv.slice(2);
const PAGES = Number(pagesArg);
let seed = 0x2545f491;
const rnd = () => { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed / 4294967296; };
const pick = (a) => a[Math.floor(rnd() * a.length)];
const onsets = ['', 'b', 'c', 'ch', 'd', 'đ', 'g', 'gi', 'h', 'kh', 'l', 'm', 'n', 'ng', 'nh', 'ph', 'qu', 'r', 's', 't', 'th', 'tr', 'v', 'x'];
const rhymes = ['a', 'ai', 'am', 'an', 'ang', 'anh', 'ao', 'au', 'ay', 'ac', 'ach', 'at', 'ăn', 'ăng', 'ăm', 'ăt', 'âm', 'ân', 'âng', 'ât', 'âu', 'ây',
  'e', 'em', 'en', 'eo', 'et', 'ê', 'êm', 'ên', 'ênh', 'êt', 'i', 'ia', 'im', 'in', 'inh', 'it', 'ich', 'iu', 'o', 'oa', 'oai', 'oan', 'oanh', 'oi',
  'om', 'on', 'ong', 'ot', 'oc', 'ô', 'ôi', 'ôm', 'ôn', 'ông', 'ôt', 'ôc', 'ơ', 'ơi', 'ơm', 'ơn', 'ơt', 'u', 'ua', 'uân', 'uê', 'ui', 'um', 'un',
  'ung', 'ut', 'uc', 'uy', 'uyên', 'ư', 'ưa', 'ưng', 'ươi', 'ương', 'ươc', 'ưu', 'iêt', 'iêng', 'uôn', 'uông'];
const tones = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
function syllable() {
  const r = pick(rhymes);
  const t = pick(tones);
  // Tone on the last vowel of the nucleus (close enough for a benchmark).
  const m = /[aăâeêioôơuưy](?=[^aăâeêioôơuưy]*$)/.exec(r);
  const withTone = m ? r.slice(0, m.index + 1) + t + r.slice(m.index + 1) : r;
  return (pick(onsets) + withTone).normalize('NFC');
}
const domain = ['bình đẳng giới', 'bạo lực gia đình', 'phụ nữ', 'cán bộ', 'chiến sĩ', 'đơn vị', 'tuyên truyền', 'giáo dục',
  'nghị quyết', 'chỉ thị', 'thông tư', 'luật', 'phòng, chống', 'trẻ em', 'hòa giải', 'cộng đồng', 'lãnh đạo', 'quản lý',
  'tiến bộ', 'hạnh phúc', 'văn minh', 'việc làm', 'thu nhập', 'sức khỏe', 'học tập', 'an toàn', 'tôn trọng', 'chia sẻ'];
const common = ['và', 'của', 'là', 'có', 'các', 'những', 'được', 'cho', 'trong', 'với', 'không', 'người', 'một', 'để', 'này', 'đã', 'khi', 'thì', 'về', 'cần'];
const vocab = [...common, ...domain];
const seen = new Set(vocab);
while (vocab.length < 6000) {
  const w = rnd() < 0.6 ? syllable() + ' ' + syllable() : syllable();
  if (!seen.has(w)) { seen.add(w); vocab.push(w); }
}
// Zipf (s = 1): cumulative weights 1/rank.
const cum = []; let total = 0;
for (let i = 0; i < vocab.length; i++) { total += 1 / (i + 1); cum.push(total); }
function word() {
  const x = rnd() * total; let lo = 0, hi = cum.length - 1;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid] < x) lo = mid + 1; else hi = mid; }
  return vocab[lo];
}
const words = (n) => Array.from({ length: n }, word).join(' ');
const sentence = () => { const s = words(6 + Math.floor(rnd() * 12)); return s[0].toUpperCase() + s.slice(1) + '.'; };
const tags = domain.slice(0, 24);
fs.mkdirSync(root, { recursive: true });
fs.writeFileSync(path.join(root, 'loa.yaml'), 'title: Thử tìm kiếm\nlanguage: vi\npaginate: 50\n');
const SECTIONS = 20;
for (let s = 0; s < SECTIONS; s++) {
  fs.mkdirSync(path.join(root, `content/muc-${s}`), { recursive: true });
  fs.writeFileSync(path.join(root, `content/muc-${s}/_index.md`), `---\ntitle: "Chuyên mục ${s}"\n---\n`);
}
const q = (x) => JSON.stringify(x);
for (let i = 0; i < PAGES; i++) {
  const s = i % SECTIONS;
  const isDoc = i % 20 === 7;
  const year = 2000 + (i % 26);
  const title = isDoc ? `Thông tư số ${i}/${year}/TT-BQP về ${words(5)}` : `${sentence().slice(0, -1)} ${i}`;
  let fm = `---\ntitle: ${q(title)}\nsummary: ${q(sentence())}\ndate: ${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}\n`;
  fm += `tags: ${q([tags[i % tags.length], tags[(i * 7) % tags.length]].filter((v, k, a) => a.indexOf(v) === k))}\nslug: bai-${i}\n`;
  if (isDoc) fm += `kind: document\nnumber: ${q(`${i}/${year}/TT-BQP`)}\ndoc_type: "Thông tư"\nissuer: "Bộ Quốc phòng"\nissued: ${year}-01-15\n`;
  fm += '---\n';
  let body = '';
  for (let k = 0; k < 4; k++) {
    body += `\n## ${sentence().slice(0, -1).split(' ').slice(0, 5).join(' ')} ${k}\n\n`;
    for (let p = 0; p < 2; p++) body += Array.from({ length: 4 }, sentence).join(' ') + '\n\n';
  }
  fs.writeFileSync(path.join(root, `content/muc-${s}/bai-${i}.md`), fm + body);
}
fs.writeFileSync(path.join(root, `.pages-${PAGES}`), '');
EOF
# The site may be shared (a symlink to a generated site): it is left alone unless a shard size
# is asked for or was asked for last time, and the output goes to $WORK/public.
if grep -q '^search:' "$WORK/site/loa.yaml" || [ -n "$SHARD" ]; then
  sed -i '/^search:/,$d' "$WORK/site/loa.yaml"
fi
if [ -n "$SHARD" ]; then
  printf 'search:\n  shard_size: %s\n' "$SHARD" >> "$WORK/site/loa.yaml"
fi

if [ -n "${BENCH_REUSE:-}" ] && [ -f "$WORK/build.log" ]; then
  echo "reusing the site built in $WORK (BENCH_REUSE)"
else
  start=$(date +%s.%N)
  (cd "$WORK/site" && LOA_VERBOSE=1 "$LOA" build --no-booklets -o "$WORK/public" > "$WORK/build.log" 2>&1) || { cat "$WORK/build.log"; exit 1; }
  end=$(date +%s.%N)
  echo "generated $PAGES pages; loa build ($LOA, no booklets): $(echo "$end - $start" | bc) s; shard size ${SHARD:-default}"
fi
grep -E "^search/ total|^search/p/|^search/manifest" "$WORK/build.log" || true
echo "term shards: $(grep -c '^search/t-' "$WORK/build.log" || true)"
echo "oversized-shard warnings: $(grep -c -- '--> search/' "$WORK/build.log" || true)"

SITE="$WORK/public" node - <<'EOF'
const fs = require('fs'), path = require('path');
const site = process.env.SITE;
const dir = path.join(site, 'search');
const sizes = {};
function walk(d) { for (const f of fs.readdirSync(d)) { const p = path.join(d, f); const st = fs.statSync(p); if (st.isDirectory()) walk(p); else { const kind = p.includes('/p/') ? 'pages (p/N.js)' : /\/t-[0-9a-z]+\.js$/.test(p) ? 'terms (t-*.js)' : /\/r-[0-9a-z]+-[0-9]+\.js$/.test(p) ? 'tails (r-*.js)' : /\/d-[0-9a-z]+\.js$/.test(p) ? 'dictionary (d-*.js)' : path.basename(p); sizes[kind] = sizes[kind] || { n: 0, bytes: 0, max: 0 }; sizes[kind].n++; sizes[kind].bytes += st.size; sizes[kind].max = Math.max(sizes[kind].max, st.size); } } }
walk(dir);
const kb = (b) => (b / 1024).toFixed(1) + ' KB';
let total = 0;
for (const [k, v] of Object.entries(sizes)) { total += v.bytes; console.log(`index ${k.padEnd(16)} ${String(v.n).padStart(6)} files ${kb(v.bytes).padStart(11)}  largest ${kb(v.max)}`); }
const files = Object.values(sizes).reduce((n, v) => n + v.n, 0);
console.log(`index total ${kb(total)} (${(total / 1048576).toFixed(1)} MB) in ${files} files`);
const { engine } = require(path.resolve('tests/js/harness.js'));
const queries = ['bình đẳng giới', 'bao luc gia dinh', '7/2007/TT-BQP', 'của', 'phụ nữ và trẻ em', 'ng', 'hòa giải', 'BLGĐ', 'binh dang gioj', 'cán bộ chiến sĩ đơn vị zzqx'];
(async () => {
  const sum = (loads) => loads.reduce((s, l) => s + l.bytes, 0);
  // As search/80-results.js loads them: CHUNK hits, then the counts of the filters but ON_OPEN.
  const CHUNK = 10, ON_OPEN = ['year', 'tag'];
  for (const q of queries) {
    {
      const { LoaSearch, loads } = engine(site);
      const r = await LoaSearch.search(q, { limit: 6, filters: {} });
      const tails = loads.filter((l) => /^search\/r-/.test(l.file)).length;
      console.log(`first query ${JSON.stringify(q).padEnd(20)} ${'popup, 6 hits'.padEnd(24)} ${String(loads.length).padStart(3)} files ${kb(sum(loads)).padStart(9)}  (${r.about ? 'about ' : ''}${r.total} hits; ${tails} tail files${r.approx ? ', past the budget' : ''})`);
    }
    const { LoaSearch, loads } = engine(site);
    const r = await LoaSearch.run(q, {});
    await LoaSearch.details(r, 0, CHUNK);
    const hits = sum(loads);
    // Hits ranked from heads fold every filter (search/80-results.js, folds()).
    const eager = r.partial ? [] : ['kind', 'type', 'year', 'tag'].filter((d) => !ON_OPEN.includes(d));
    if (eager.length) await LoaSearch.counts(r, {}, eager);
    const first = sum(loads), files = loads.length;
    const tails = loads.filter((l) => /^search\/r-/.test(l.file)).length;
    await LoaSearch.details(r, CHUNK, 2 * CHUNK);
    const scrolled = sum(loads);
    await LoaSearch.counts(r, {}, ['kind', 'type', 'year', 'tag'].filter((d) => !eager.includes(d)));
    const opened = sum(loads);
    console.log(`first query ${JSON.stringify(q).padEnd(20)} ${'results page'.padEnd(24)} ${String(files).padStart(3)} files ${kb(first).padStart(9)}  (${r.total} hits, ${tails} tail files${r.approx ? ', past the budget' : ''}; 10 hits ${kb(hits)} + eager counts ${kb(first - hits)}; then hits 11-20 +${kb(scrolled - first)}, folded filters +${kb(opened - scrolled)}: all ${kb(opened)})`);
  }
})().catch((e) => { console.error(e); process.exit(1); });
EOF

SITE="$WORK/public" NODE_PATH="$PWD/tests/browser/node_modules" node - <<'EOF'
// Query time in Chromium from file://, after the index files a query needs are loaded.
const fs = require('fs'), os = require('os'), path = require('path');
const { chromium } = require('playwright-core');
(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-bench-'));
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const page = await ctx.newPage();
  await page.goto('file://' + path.join(process.env.SITE, 'index.html'));
  await page.waitForFunction(() => window.LoaSearch && window.LoaSearch.search);
  const res = await page.evaluate(async () => {
    const S = window.LoaSearch, out = [];
    const median = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
    for (const q of ['bình đẳng giới', 'bao luc gia dinh', 'của', 'phụ nữ và trẻ em', 'hòa giải']) {
      let t = performance.now();
      await S.search(q, { limit: 6 });
      const first = performance.now() - t;
      const again = [];
      for (let i = 0; i < 5; i++) { t = performance.now(); await S.search(q, { limit: 6 }); again.push(performance.now() - t); }
      out.push(`${JSON.stringify(q).padEnd(20)} first query incl. loading ${first.toFixed(1)} ms, again (median of 5) ${median(again).toFixed(1)} ms`);
    }
    const typed = 'phong chong bao luc gia dinh';
    const keys = [];
    for (let i = 1; i <= typed.length; i++) {
      const t = performance.now();
      await S.search(typed.slice(0, i), { limit: 6 });
      keys.push(performance.now() - t);
    }
    out.push(`typing "${typed}" letter by letter: median ${median(keys).toFixed(1)} ms, max ${Math.max.apply(null, keys).toFixed(1)} ms per keystroke (loading included)`);
    // The same keystrokes again: the index files are loaded, this is the answer's own time.
    const again = [];
    for (let i = 1; i <= typed.length; i++) {
      const t = performance.now();
      await S.search(typed.slice(0, i), { limit: 6 });
      again.push(performance.now() - t);
    }
    out.push(`typing it again (files loaded): median ${median(again).toFixed(1)} ms, max ${Math.max.apply(null, again).toFixed(1)} ms per keystroke`);
    return out;
  });
  res.forEach((l) => console.log('chromium ' + l));
  await ctx.close();
  fs.rmSync(profile, { recursive: true, force: true });
})().catch((e) => { console.error(e); process.exit(1); });
EOF
