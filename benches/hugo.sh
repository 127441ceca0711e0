#!/usr/bin/env bash
# Paired benchmark against Hugo: one generated Vietnamese site (benches/common, the same pages
# `cargo bench --bench build` times), built by `loa build` (search index and everything else it
# writes) and by Hugo with minimal layouts (a page template, a list template with pagination,
# tags, RSS and sitemap: Hugo's defaults; Hugo builds no search index). The runs are interleaved
# (loa, hugo, loa, hugo, …) so a machine that gets busier or quieter affects both alike; the
# script prints each run, the median of each tool, the median of the per-pair ratios loa/hugo,
# and the peak memory of each. Each run's line ends with the machine's 1-minute load average (a
# ratio measured on a busy machine is not one measured on a quiet one).
#
# Figures are read, not asserted: machines here are shared and noisy.
#
# Usage: bash benches/hugo.sh [PAGES [RUNS]]          (defaults: 10000 pages, 5 runs each)
#   BENCH_DIR=dir   build in dir and keep it (default: a temporary folder, deleted at the end;
#                   a tmpfs such as /dev/shm takes the disk out of the comparison)
#   LOA=path        the loa binary to time (default: `cargo build --release --no-default-features`;
#                   the generated site has no booklets, so the PDF engine is not needed)
# Hugo is Debian's package `hugo` (apt-get install -y hugo); without it the script says so and
# skips the comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES="${1:-10000}"
RUNS="${2:-5}"

if ! command -v hugo >/dev/null 2>&1; then
  echo "hugo is not installed: skipping the comparison (install it with: apt-get install -y hugo)"
  exit 0
fi

if [ -n "${BENCH_DIR:-}" ]; then
  WORK="$BENCH_DIR"
  mkdir -p "$WORK"
else
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
fi
WORK="$(cd "$WORK" && pwd)"

if [ -z "${LOA:-}" ]; then
  cargo build --release --quiet --no-default-features --bin loa
  LOA="$PWD/target/release/loa"
fi

SITE="$WORK/site"
if [ ! -f "$SITE/.pages-$PAGES" ]; then
  rm -rf "$SITE"
  mkdir -p "$SITE"
  LOA_BENCH_SITE="$SITE" cargo bench --quiet --no-default-features --bench build -- "$PAGES"
  touch "$SITE/.pages-$PAGES"
fi

# Hugo reads the same content folder; minimal layouts, pagination like loa.yaml's.
HUGO_SITE="$WORK/hugo"
rm -rf "$HUGO_SITE"
mkdir -p "$HUGO_SITE/layouts/_default"
cat >"$HUGO_SITE/hugo.toml" <<EOF
baseURL = "http://example.org/"
languageCode = "vi"
title = "Trang thử hiệu năng"
contentDir = "$SITE/content"
paginate = 50
EOF
cat >"$HUGO_SITE/layouts/_default/baseof.html" <<'EOF'
<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav><a href="{{ relURL "" }}">{{ site.Title }}</a></nav><main>{{ block "main" . }}{{ end }}</main></body></html>
EOF
cat >"$HUGO_SITE/layouts/_default/single.html" <<'EOF'
{{ define "main" }}<h1>{{ .Title }}</h1>
<p>{{ .Date.Format "02/01/2006" }} {{ range .Params.tags }}<a href="{{ "tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a> {{ end }}</p>
<nav>{{ .TableOfContents }}</nav>
{{ .Content }}{{ end }}
EOF
cat >"$HUGO_SITE/layouts/_default/list.html" <<'EOF'
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary | plainify | truncate 300 }}</li>{{ end }}</ul>
{{ with .Paginator }}{{ if .HasNext }}<a href="{{ .Next.URL }}">→</a>{{ end }}{{ end }}{{ end }}
EOF

seconds() { date +%s.%N; }
# Runs "$@" and appends "<seconds> <peak KiB>" to the file $OUT.
timed() {
  local t0 t1 mem
  t0=$(seconds)
  /usr/bin/time -f '%M' -o "$WORK/mem" "$@" >/dev/null 2>"$WORK/err" || {
    cat "$WORK/err" >&2
    exit 1
  }
  t1=$(seconds)
  mem=$(tail -1 "$WORK/mem")
  awk -v a="$t0" -v b="$t1" -v m="$mem" 'BEGIN {printf "%.3f %d\n", b - a, m}' >>"$OUT"
}

: >"$WORK/loa.txt"
: >"$WORK/hugo.txt"
echo "$PAGES pages, $RUNS runs each, interleaved; loa: $LOA; $(hugo version | cut -d' ' -f1-2)"
# One untimed run each: fills the file cache and the output folders (later runs replace them,
# as a real rebuild does).
(cd "$SITE" && "$LOA" build --no-booklets --output "$WORK/loa-public" >/dev/null)
hugo --quiet -s "$HUGO_SITE" -d "$WORK/hugo-public" >/dev/null
for i in $(seq 1 "$RUNS"); do
  OUT="$WORK/loa.txt" timed sh -c "cd '$SITE' && exec '$LOA' build --no-booklets --output '$WORK/loa-public'"
  OUT="$WORK/hugo.txt" timed hugo --quiet -s "$HUGO_SITE" -d "$WORK/hugo-public"
  printf 'run %d: loa %6.2f s  hugo %6.2f s  (load average %s)\n' "$i" \
    "$(tail -1 "$WORK/loa.txt" | cut -d' ' -f1)" "$(tail -1 "$WORK/hugo.txt" | cut -d' ' -f1)" \
    "$(cut -d' ' -f1 /proc/loadavg)"
done

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
loa_med=$(cut -d' ' -f1 "$WORK/loa.txt" | median)
hugo_med=$(cut -d' ' -f1 "$WORK/hugo.txt" | median)
ratio=$(paste -d' ' "$WORK/loa.txt" "$WORK/hugo.txt" | awk '{print $1 / $3}' | median)
loa_mem=$(cut -d' ' -f2 "$WORK/loa.txt" | sort -g | tail -1)
hugo_mem=$(cut -d' ' -f2 "$WORK/hugo.txt" | sort -g | tail -1)
loa_files=$(find "$WORK/loa-public" -type f | wc -l)
hugo_files=$(find "$WORK/hugo-public" -type f | wc -l)
printf 'loa:  median %.2f s, peak memory %d MiB, %d files written\n' "$loa_med" $((loa_mem / 1024)) "$loa_files"
printf 'hugo: median %.2f s, peak memory %d MiB, %d files written\n' "$hugo_med" $((hugo_mem / 1024)) "$hugo_files"
printf 'loa / hugo wall time: median of %d paired ratios %.2f\n' "$RUNS" "$ratio"
