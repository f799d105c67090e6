#!/usr/bin/env bash
# Compare domainshift against ripgrep (and sed) on a generated corpus.
#
#   scripts/bench.sh [WORKDIR]
#   scripts/bench.sh --real [WORKDIR]
#
# --real measures a real tree built from public Go modules instead (see
# scripts/bench-real.sh); what follows is the synthetic mode.
#
# Builds domainshift and internal/gencorpus, generates a seeded synthetic repository
# (20,000 files / 320 MiB by default) once as a plain directory and once as a
# git work tree (the scanner lists files differently in each), warms the page
# cache and measures:
#
#   check:  domainshift check --rules R CORPUS   vs   rg -l -i -F -e HOST... CORPUS
#           (hyperfine)
#   apply:  domainshift apply --yes on a fresh copy   vs   rg -l ... | xargs sed -i
#           (and check on a fresh copy, the baseline of the apply/check ratio),
#           in interleaved rounds, one run of each per round
#
# Each apply-phase run gets its own fresh copy, made before any measurement
# and moved into place (not copied, nothing deleted) right before the run,
# then read once to warm the page cache and synced: the copy's files have
# change times newer than their access times (cp -a), so that first read updates every access time (relatime), and
# 20,000 dirty inodes would otherwise still wait to be written when the run
# starts; apply's flush (syncfs) would write them out, check and sed not,
# costing apply 50-70 ms that are the benchmark's own doing. Two more things
# seen on the reference machine make the copies matter: deleting the previous
# copy right before a run (rm -rf of 20,000 files) made every file creation
# in the next seconds slower (ext4 without a journal skips recently deleted
# inodes one by one when it allocates), costing apply and sed 0.3-0.4 s that
# no user sees; and page cache left idle for a while was reclaimed, so a
# copy made long before its run was read from disk. Copies are deleted at
# the end only, so a second run started right after the first one cleaned
# up meets the first effect; give it five minutes.
#
# After the apply runs, internal/writefloor does only the file system work of
# apply on the same files (read, temp file, hard link, flush, rename,
# flush): the least any apply that writes through temp files can cost here.
#
# and the peak RSS of each with /usr/bin/time. WORKDIR (default: a new
# /tmp/domainshift-bench.XXXXXX) keeps the corpora; a second run with the same
# WORKDIR and parameters reuses them. It must not be inside the repository.
#
# Environment: FILES (20000), MB (320), SEED (1), RUNS (5), APPLY_RUNS (5),
# MODES ("plain git"), KEEP=1 keeps a temporary WORKDIR, DOMAINSHIFT=BINARY
# measures that binary instead of building ./cmd/domainshift.
#
# rg gets --hidden --no-require-git -g '!.git' so that it reads the same files
# as domainshift (which scans hidden files such as .env and .github/, honours
# .gitignore outside git too, and never reads .git/); the bare
# `rg -l -i -F` is measured as well for reference.
set -euo pipefail

if [ "${1:-}" = --real ]; then
	shift
	exec "$(dirname "${BASH_SOURCE[0]}")/bench-real.sh" "$@"
fi

FILES=${FILES:-20000}
MB=${MB:-320}
SEED=${SEED:-1}
RUNS=${RUNS:-5}
APPLY_RUNS=${APPLY_RUNS:-5}
MODES=${MODES:-"plain git"}

# Targets from DESIGN.md "Performance targets" and issues 2 and 3.
TARGET_RATIO=1.0       # check time / rg time
TARGET_RSS_MIB=64      # peak RSS of check (and apply)
TARGET_APPLY_CHECK=1.5 # apply time / check time
TARGET_APPLY_SED=1.0   # apply time / rg|sed time

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

missing=()
command -v rg >/dev/null || missing+=(ripgrep)
command -v hyperfine >/dev/null || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
command -v go >/dev/null || { echo "bench.sh: go not found" >&2; exit 2; }
command -v git >/dev/null || missing+=(git)
if [ ${#missing[@]} -gt 0 ]; then
	echo "bench.sh: missing ${missing[*]}; install with:" >&2
	echo "  apt-get install ${missing[*]}" >&2
	exit 2
fi

if [ $# -gt 0 ]; then
	WORK=$(mkdir -p "$1" && cd "$1" && pwd)
	KEEP=1
else
	WORK=$(mktemp -d /tmp/domainshift-bench.XXXXXX)
fi
case "$WORK/" in
"$ROOT"/*) echo "bench.sh: WORKDIR $WORK is inside the repository; use a directory under /tmp" >&2; exit 2 ;;
esac
cleanup() {
	rm -rf "$WORK"/copy-* "$WORK"/pool-* "$WORK"/used-*
	if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

log() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

log "build"
mkdir -p "$WORK/bin"
(cd "$ROOT" && go build -o "$WORK/bin/gencorpus" ./internal/gencorpus && go build -o "$WORK/bin/writefloor" ./internal/writefloor)
if [ -n "${DOMAINSHIFT:-}" ]; then
	DS=$DOMAINSHIFT
	echo "using DOMAINSHIFT=$DS"
else
	(cd "$ROOT" && go build -o "$WORK/bin/domainshift" ./cmd/domainshift)
	DS=$WORK/bin/domainshift
fi
if ! "$DS" check --help >/dev/null 2>&1; then
	echo "bench.sh: 'domainshift check' does not exist yet" >&2
	exit 2
fi
HAVE_APPLY=1
if ! "$DS" apply --help >/dev/null 2>&1; then
	HAVE_APPLY=0
fi

RULES=$WORK/rules.toml
HOSTS=$WORK/hosts.txt
params="seed=$SEED files=$FILES mb=$MB gencorpus=$(cd "$ROOT" && git log -1 --format=%h -- internal/gencorpus 2>/dev/null || true)"
for mode in $MODES; do
	dir=$WORK/corpus-$mode
	if [ -f "$dir.params" ] && [ "$(cat "$dir.params")" = "$params" ] && [ -f "$RULES" ] && [ -f "$HOSTS" ]; then
		log "corpus $mode: reusing $dir"
		continue
	fi
	log "corpus $mode: generating $FILES files / $MB MiB into $dir"
	rm -rf "$dir" "$dir.params"
	gitflag=()
	[ "$mode" = git ] && gitflag=(-git)
	start=$(date +%s)
	"$WORK/bin/gencorpus" -out "$dir" -files "$FILES" -mb "$MB" -seed "$SEED" \
		-rules "$RULES" -hosts "$HOSTS" "${gitflag[@]}" >"$dir.summary"
	echo "$params" >"$dir.params"
	echo "generated in $(($(date +%s) - start)) s"
done
first=$(set -- $MODES; echo "$1")
grep -E '^(files|mib|scanned_files|mentioning_files|mentions|mentions_[a-z_]+|deprecated_host_findings_expected|rg_files_expected)=' \
	"$WORK/corpus-$first.summary" | paste -sd' ' | fold -s -w 100

# rg and sed arguments for the deprecated literal hosts.
rg_e=()
sed_e=()
while read -r old new; do
	[ -n "$old" ] || continue
	rg_e+=(-e "$old")
	sed_e+=(-e "s/${old//./\\.}/$new/gI")
done <"$HOSTS"
echo "deprecated literal hosts: $((${#rg_e[@]} / 2)) (plus the wildcard *.staging.example.com, which rg -F cannot express)"

q() { printf '%q ' "$@"; }
RG_SAME=(rg -l -i -F --hidden --no-require-git -g '!.git')
RG_BARE=(rg -l -i -F)

# mean, stddev, user, system (seconds) of row N (1-based) of a hyperfine CSV.
row() { awk -F, -v n="$1" 'NR == n + 1 { printf "%.3f %.3f %.3f %.3f\n", $(NF-6), $(NF-5), $(NF-3), $(NF-2) }' "$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v != "n/a" && v + 0 <= t + 0) ? "ok" : "MISSED" }'; }
# timed CSV NAME ROUND CMD...: run CMD once and append NAME, ROUND, wall,
# user and system seconds to CSV.
timed() {
	local csv=$1 name=$2 round=$3 t start end
	shift 3
	t=$(mktemp)
	start=$EPOCHREALTIME
	/usr/bin/time -f '%U %S' -o "$t" "$@" >/dev/null 2>&1 || true
	end=$EPOCHREALTIME
	echo "$name,$round,$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f", e - s }'),$(tail -n 1 "$t" | tr ' ' ',')" >>"$csv"
	rm -f "$t"
}
# mean, stddev, user, system (seconds) of NAME over the counted rounds
# (round 0 is a warmup) of a CSV written by timed.
stats() {
	awk -F, -v n="$1" '$1 == n && $2 > 0 { k++; w[k] = $3; m += $3; u += $4; s += $5 }
		END { if (!k) { print "0 0 0 0"; exit } m /= k; for (i = 1; i <= k; i++) v += (w[i] - m) ^ 2
			printf "%.3f %.3f %.3f %.3f\n", m, (k > 1 ? sqrt(v / (k - 1)) : 0), u / k, s / k }' "$2"
}
# median, min and max of the per-round ratio of A's wall time to B's.
ratios() {
	awk -F, -v a="$1" -v b="$2" '$2 > 0 && $1 == a { x[$2] = $3 } $2 > 0 && $1 == b { y[$2] = $3 }
		END { for (r in x) if (y[r] > 0) print x[r] / y[r] }' "$3" | sort -n |
		awk '{ v[NR] = $1 } END { if (!NR) { print "n/a n/a n/a"; exit }
			printf "%.2f %.2f %.2f\n", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[1], v[NR] }'
}
# rss: peak RSS in MiB of a command
. "$ROOT/scripts/bench-lib.sh"

declare -A RESULT
for mode in $MODES; do
	C=$WORK/corpus-$mode
	log "check, $mode corpus ($( [ "$mode" = git ] && echo "git ls-files" || echo "directory walk"))"
	find "$C" -type f -print0 | xargs -0 cat >/dev/null # warm the page cache

	set +e
	"$DS" check --rules "$RULES" "$C" >"$WORK/check-$mode.out" 2>"$WORK/check-$mode.err"
	rc=$?
	set -e
	echo "check exit $rc, $(wc -l <"$WORK/check-$mode.out") lines of output (in $WORK/check-$mode.out)"
	if [ $rc -ne 1 ]; then
		echo "domainshift check exited $rc (want 1: findings); stderr:" >&2
		head -20 "$WORK/check-$mode.err" >&2
		[ $rc -ne 0 ] && exit 1
	fi
	if command -v jq >/dev/null && "$DS" check --rules "$RULES" --format json --output "$WORK/check-$mode.json" "$C" >/dev/null 2>&1 ||
		[ -s "$WORK/check-$mode.json" ]; then
		echo "check findings: $(jq -r '[.findings[] | .rule] | group_by(.) | map("\(.[0])=\(length)") | join(" ")' "$WORK/check-$mode.json" 2>/dev/null || echo '?');" \
			"files with a finding: $(jq -r '[.findings[].path] | unique | length' "$WORK/check-$mode.json" 2>/dev/null || echo '?');" \
			"stats: $(jq -c '.stats' "$WORK/check-$mode.json" 2>/dev/null || echo '?')"
	fi
	echo "rg -l files: $("${RG_SAME[@]}" "${rg_e[@]}" "$C" | wc -l) (same file set), $("${RG_BARE[@]}" "${rg_e[@]}" "$C" | wc -l) (bare rg)"

	csv=$WORK/check-$mode.csv
	hyperfine -i -N --style basic --warmup 1 --runs "$RUNS" --export-csv "$csv" \
		-n check "$(q "$DS" check --rules "$RULES" "$C")" \
		-n rg "$(q "${RG_SAME[@]}" "${rg_e[@]}" "$C")" \
		-n rg-bare "$(q "${RG_BARE[@]}" "${rg_e[@]}" "$C")"
	read -r c_mean c_sd c_user c_sys < <(row 1 "$csv")
	read -r r_mean r_sd r_user r_sys < <(row 2 "$csv")
	read -r b_mean _ _ _ < <(row 3 "$csv")
	c_rss=$(rss "$DS" check --rules "$RULES" "$C")
	r_rss=$(rss "${RG_SAME[@]}" "${rg_e[@]}" "$C")
	cr=$(ratio "$c_mean" "$r_mean")
	ccpu=$(ratio "$(awk -v a="$c_user" -v b="$c_sys" 'BEGIN { print a + b }')" "$(awk -v a="$r_user" -v b="$r_sys" 'BEGIN { print a + b }')")
	RESULT[$mode-check]="check ${c_mean}s ±${c_sd} (user ${c_user} sys ${c_sys}) RSS ${c_rss} MiB | rg ${r_mean}s ±${r_sd} (user ${r_user} sys ${r_sys}) RSS ${r_rss} MiB | rg-bare ${b_mean}s
  ratio check/rg = $cr wall (target <= $TARGET_RATIO: $(verdict "$cr" $TARGET_RATIO)), $ccpu CPU (user+sys); check peak RSS ${c_rss} MiB (target <= $TARGET_RSS_MIB: $(verdict "$c_rss" $TARGET_RSS_MIB))"
	echo "${RESULT[$mode-check]}"

	if [ "$HAVE_APPLY" != 1 ]; then
		RESULT[$mode-apply]="skipped: 'domainshift apply --help' failed (apply not implemented yet)"
		continue
	fi
	log "apply, $mode corpus (fresh copy each run)"
	CP=$WORK/copy-$mode
	POOL=$WORK/pool-$mode
	USED=$WORK/used-$mode
	# 3 commands x (warmup + runs), plus one for the RSS and after-apply run
	# and one for writefloor
	ncopies=$((3 * (APPLY_RUNS + 1) + 2))
	rm -rf "$POOL" "$USED" "$CP"
	need_kib=$(($(du -sk "$C" | cut -f1) * ncopies))
	have_kib=$(df -Pk "$WORK" | awk 'NR == 2 { print $4 }')
	if [ "$need_kib" -gt "$have_kib" ]; then
		echo "bench.sh: $ncopies copies of the corpus need $((need_kib / 1024)) MiB in $WORK, only $((have_kib / 1024)) MiB free;" >&2
		echo "  use a smaller APPLY_RUNS, MB or FILES, or a WORKDIR on a bigger disk" >&2
		exit 1
	fi
	echo "making $ncopies fresh copies of the corpus in $POOL ($((need_kib / 1024)) MiB)"
	mkdir -p "$POOL" "$USED"
	for i in $(seq -w 1 "$ncopies"); do cp -a "$C" "$POOL/$i"; done
	sync # no dirty pages of the copies are left to be flushed during a run
	cat >"$WORK/next-copy.sh" <<'NEXT'
#!/usr/bin/env bash
# next-copy.sh POOL USED COPY: move the used COPY aside and the next fresh
# copy from POOL into its place, then read it once (warm page cache) and
# sync.
set -euo pipefail
pool=$1 used=$2 cp=$3
if [ -e "$cp" ]; then mv "$cp" "$used/$(date +%s%N)"; fi
next=$(ls "$pool" | head -n 1)
if [ -z "$next" ]; then echo "next-copy.sh: $pool is empty" >&2; exit 1; fi
mv "$pool/$next" "$cp"
find "$cp" -type f -print0 | xargs -0 cat >/dev/null
sync # the read updated access times; leave nothing to write back
NEXT
	chmod +x "$WORK/next-copy.sh"
	prep="$(q "$WORK/next-copy.sh" "$POOL" "$USED" "$CP") 2>>$(q "$WORK/prepare.err")"
	sedcmd="$(q "${RG_SAME[@]}" --null "${rg_e[@]}" "$CP") | xargs -0 -r $(q sed -i "${sed_e[@]}")"
	# hyperfine runs every run of one command before the next. Over the
	# minutes that takes, the reference machine drifted (its page cache, and
	# the VM handing back memory the guest had freed, which then has to be
	# faulted in again) enough to move one command's mean by 0.1 s. So the
	# runs are interleaved instead: each round runs check, apply and sed,
	# each on its own fresh copy, and the ratios are also taken per round.
	if command -v free >/dev/null; then
		free -m | awk 'NR == 2 { printf "memory before the runs: %s MiB free, %s MiB page cache\n", $4, $6 }'
	fi
	csv=$WORK/apply-$mode.csv
	echo "command,round,wall,user,system" >"$csv"
	failed=0
	for round in $(seq 0 "$APPLY_RUNS"); do # round 0 warms up and is not counted
		bash -c "$prep" || { failed=1; break; }
		timed "$csv" check-copy "$round" "$DS" check --rules "$RULES" "$CP"
		bash -c "$prep" || { failed=1; break; }
		timed "$csv" apply "$round" "$DS" apply --yes --rules "$RULES" "$CP"
		bash -c "$prep" || { failed=1; break; }
		timed "$csv" rg+sed "$round" bash -c "$sedcmd"
	done
	if [ "$failed" = 1 ]; then
		RESULT[$mode-apply]="failed: could not make a fresh copy (errors in $WORK/prepare.err)"
		tail -5 "$WORK/prepare.err" 2>/dev/null || true
		continue
	fi
	read -r k_mean k_sd k_user k_sys < <(stats check-copy "$csv")
	read -r a_mean a_sd a_user a_sys < <(stats apply "$csv")
	read -r s_mean s_sd _ _ < <(stats rg+sed "$csv")
	read -r ac_med ac_min ac_max < <(ratios apply check-copy "$csv")
	echo "per round (wall, s):"
	for name in check-copy apply rg+sed; do
		awk -F, -v n="$name" '$1 == n && $2 > 0 { line = line sprintf(" %.3f", $3) } END { printf "  %-10s%s\n", n, line }' "$csv"
	done
	bash -c "$prep"
	a_rss=$(rss "$DS" apply --yes --rules "$RULES" "$CP")
	set +e
	"$DS" check --rules "$RULES" --format json --output "$WORK/after-apply-$mode.json" "$CP" >/dev/null 2>&1
	after_rc=$?
	set -e
	after=$(jq -r '[.findings[] | select(.replacement != "" and .replacement != null)] | length' "$WORK/after-apply-$mode.json" 2>/dev/null || echo '?')
	ac=$(ratio "$a_mean" "$k_mean")
	acpu=$(ratio "$(awk -v a="$a_user" -v b="$a_sys" 'BEGIN { print a + b }')" "$(awk -v a="$k_user" -v b="$k_sys" 'BEGIN { print a + b }')")
	as=$(ratio "$a_mean" "$s_mean")
	# The file system work alone, on one more fresh copy: what apply cannot
	# do without as long as it writes through temp files, links the
	# originals and flushes (internal/writefloor).
	floor="n/a"
	if command -v jq >/dev/null; then
		jq -r '[.findings[] | select(.replacement != "" and .replacement != null) | .path] | unique | .[]' \
			"$WORK/check-$mode.json" >"$WORK/planned-$mode.txt"
		bash -c "$prep"
		floor=$("$WORK/bin/writefloor" -root "$CP" -paths "$WORK/planned-$mode.txt" || echo "failed")
	fi
	floor_total=$(sed -n 's/.*total=\([0-9.]*\).*/\1/p' <<<"$floor")
	least=$(awk -v k="$k_mean" -v f="${floor_total:-0}" 'BEGIN { if (f > 0) printf "%.2f", (k + f) / k; else print "n/a" }')
	RESULT[$mode-apply]="apply ${a_mean}s ±${a_sd} (user ${a_user} sys ${a_sys}) RSS ${a_rss} MiB | check on the copy ${k_mean}s | rg|sed ${s_mean}s ±${s_sd}
  ratio apply/check = $ac wall (per round: median $ac_med, $ac_min to $ac_max), $acpu CPU (target <= $TARGET_APPLY_CHECK: $(verdict "$ac" $TARGET_APPLY_CHECK)); apply/sed = $as (target <= $TARGET_APPLY_SED: $(verdict "$as" $TARGET_APPLY_SED))
  after apply: check exit $after_rc, fixable findings left: $after
  file work alone (writefloor, same files): $floor; check + that = $least x check"
	echo "${RESULT[$mode-apply]}"
done

# Peak memory on large files: 24 files, most of 7.6 MiB, just under the
# default 8 MiB size limit, each read, matched and (by apply) rewritten.
# Memory must not grow with file size times the number of workers.
log "peak memory on large files"
LARGE=$WORK/large
if [ ! -d "$LARGE" ]; then
	"$WORK/bin/gencorpus" -out "$LARGE" -files 24 -mb 180 -max-file-kib 7800 -seed "$SEED" -rules "$WORK/large-rules.toml" >/dev/null
fi
rm -rf "$LARGE-copy" && cp -a "$LARGE" "$LARGE-copy"
l_check=$(rss "$DS" check --rules "$WORK/large-rules.toml" "$LARGE")
l_apply=$(rss "$DS" apply --yes --rules "$WORK/large-rules.toml" "$LARGE-copy")
rm -rf "$LARGE-copy"
RESULT[large]="24 files, $(du -sm "$LARGE" | cut -f1) MiB: check RSS ${l_check} MiB, apply RSS ${l_apply} MiB (target <= $TARGET_RSS_MIB: $(verdict "$(awk -v a="$l_check" -v b="$l_apply" 'BEGIN { print (a > b ? a : b) }')" $TARGET_RSS_MIB))"
echo "${RESULT[large]}"

log "summary ($(nproc) CPUs, $FILES files, $MB MiB, seed $SEED; times are means, page cache warm)"
for mode in $MODES; do
	echo "[$mode] ${RESULT[$mode-check]}"
	echo "[$mode] ${RESULT[$mode-apply]}"
done
echo "[large] ${RESULT[large]}"
if [ "${KEEP:-0}" = 1 ]; then
	echo "corpora, rules and reports kept in $WORK"
fi
