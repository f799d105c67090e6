#!/usr/bin/env bash
# The real-tree benchmark: scripts/bench.sh --real [WORKDIR]
#
# Builds a git work tree from large public Go modules fetched through the Go
# module proxy (`go mod download`, cached in the module cache): Kubernetes
# v1.31.0 and v1.24.0, with their unfinished k8s.gcr.io -> registry.k8s.io
# migration, Istio, ingress-nginx, Cluster API, the AWS SDK for Go, an old
# Terraform AWS provider and Helm. The module cache is read-only, so each
# module is copied into WORKDIR/tree/<module>-<version>/ and the whole is
# committed once; a second run with the same WORKDIR reuses it. It also
# makes WORKDIR/tree10: ten hard-linked copies of the tree, committed, for
# the scaling and memory figures (hard links: one copy in the page cache).
#
# Then, with the rules of bench/real/rules.toml and the page cache warm,
# in one hyperfine run each:
#
#   check        domainshift check (text, and --format sarif)
#                vs rg -l -i -F and git grep -l -i -F for the rules' exact
#                deprecated hosts
#   apply        domainshift apply --yes vs check, on a copy of the tree
#                restored (git checkout) before every run of either; then
#                the same with bench/real/heavier.toml appended to the
#                rules (about 4% of the files rewritten), as a second and
#                as a first apply, beside internal/writefloor on those files
#   scaling      check on tree10 vs check on tree
#   memory       peak RSS of check on tree and tree10: of the domainshift
#                process alone (VmHWM, sampled every 5 ms) and with the git
#                it runs (/usr/bin/time, which counts the largest child)
#
# Environment: RUNS (10), DOMAINSHIFT=BINARY measures that binary instead of
# building ./cmd/domainshift.
set -euo pipefail

RUNS=${RUNS:-10}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RULES=$ROOT/bench/real/rules.toml

# Targets from issue 15.
TARGET_GITGREP=1.0 # check / git grep
TARGET_RG=1.0      # check / rg (below: faster)
TARGET_APPLY=1.5   # apply / check
TARGET_RSS=64      # MiB, check on tree10
TARGET_SCALE=10.5  # check on tree10 / check on tree

MODULES=(
	k8s.io/kubernetes@v1.31.0
	k8s.io/kubernetes@v1.24.0
	istio.io/istio@v0.0.0-20260827124520-eed52ebb66ad
	k8s.io/ingress-nginx@v0.0.0-20240708192948-52c50467d67d
	sigs.k8s.io/cluster-api@v1.8.0
	github.com/aws/aws-sdk-go@v1.55.5
	github.com/hashicorp/terraform-provider-aws@v1.60.0
	helm.sh/helm/v3@v3.15.4
)
# rg and git grep get the rules' exact deprecated hosts.
HOSTS=(k8s.gcr.io staging-k8s.gcr.io godoc.org kubernetes-charts.storage.googleapis.com)

missing=()
for c in rg hyperfine git jq; do command -v $c >/dev/null || missing+=("$c"); done
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
	echo "bench.sh --real: missing ${missing[*]}; install with: apt-get install ${missing[*]/rg/ripgrep}" >&2
	exit 2
fi

WORK=${1:-/tmp/domainshift-bench-real}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
case "$WORK/" in
"$ROOT"/*) echo "bench.sh --real: WORKDIR $WORK is inside the repository" >&2; exit 2 ;;
esac
log() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

log "build"
mkdir -p "$WORK/bin"
if [ -n "${DOMAINSHIFT:-}" ]; then
	DS=$DOMAINSHIFT
else
	(cd "$ROOT" && go build -o "$WORK/bin/domainshift" ./cmd/domainshift)
	DS=$WORK/bin/domainshift
fi

T=$WORK/tree
T10=$WORK/tree10
stamp="${MODULES[*]}"
if [ ! -f "$T.modules" ] || [ "$(cat "$T.modules")" != "$stamp" ]; then
	log "tree: downloading ${#MODULES[@]} modules (module cache) and copying them into $T"
	rm -rf "$T" "$T.modules" "$T10"
	mkdir -p "$T"
	for m in "${MODULES[@]}"; do
		dir=$(cd "$WORK" && go mod download -json "$m" | jq -r .Dir)
		[ -d "$dir" ] || { echo "bench.sh --real: go mod download $m gave no directory" >&2; exit 1; }
		dest=$T/${m/@/-}
		mkdir -p "$(dirname "$dest")"
		cp -r "$dir" "$dest"
		chmod -R u+w "$dest"
	done
	git -C "$T" init -q
	git -C "$T" add -A
	git -C "$T" -c user.name=bench -c user.email=bench@localhost commit -q -m corpus
	echo "$stamp" >"$T.modules"
fi
if [ ! -f "$T10.done" ]; then
	log "tree10: ten hard-linked copies of the tree"
	rm -rf "$T10"
	mkdir -p "$T10"
	for i in 0 1 2 3 4 5 6 7 8 9; do
		mkdir "$T10/c$i"
		for d in "$T"/*; do cp -al "$d" "$T10/c$i/"; done
	done
	git -C "$T10" init -q
	git -C "$T10" add -A
	git -C "$T10" -c user.name=bench -c user.email=bench@localhost commit -q -m corpus10
	touch "$T10.done"
fi
files=$(git -C "$T" ls-files | wc -l)
mb=$(git -C "$T" ls-files -z | (cd "$T" && xargs -0 stat -c %s) | awk '{ s += $1 } END { printf "%.0f", s / 1e6 }')
files10=$(git -C "$T10" ls-files | wc -l)
echo "tree: $files files, $mb MB; tree10: $files10 files"

e=()
for h in "${HOSTS[@]}"; do e+=(-e "$h"); done
q() { printf '%q ' "$@"; }
warm() { git -C "$1" ls-files -z | (cd "$1" && xargs -0 cat >/dev/null); }
# mean (s) of row N (1-based) of a hyperfine CSV
mean() { awk -F, -v n="$1" 'NR == n + 1 { printf "%.3f", $2 }' "$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v v="$1" -v t="$2" -v strict="${3:-}" 'BEGIN { ok = strict ? v + 0 < t + 0 : v + 0 <= t + 0; print ok ? "met" : "MISSED" }'; }
# peak RSS (MiB) of the process alone, VmHWM sampled until it exits
own_rss() {
	"$@" >/dev/null 2>&1 &
	local pid=$! hwm=0 v
	while kill -0 $pid 2>/dev/null; do
		v=$(awk '/^VmHWM/ { print $2 }' /proc/$pid/status 2>/dev/null || true)
		[ -n "$v" ] && hwm=$v
		sleep 0.005
	done
	wait $pid || true
	awk -v k="$hwm" 'BEGIN { printf "%.1f", k / 1024 }'
}
# rss: peak RSS (MiB) with children, as /usr/bin/time reports it
. "$ROOT/scripts/bench-lib.sh"

log "check ($(nproc) CPUs, page cache warm)"
warm "$T"
set +e
(cd "$T" && "$DS" check --rules "$RULES" --format json --output "$WORK/check.json" . >/dev/null 2>&1)
rc=$?
set -e
echo "check exit $rc; $(jq -r '.stats | "\(.findings) findings, \(.fixable) fixable, \(.files) files scanned"' "$WORK/check.json")," \
	"$(jq -r '[.findings[].path] | unique | length' "$WORK/check.json") files with findings"
echo "rg -l: $(cd "$T" && rg -l -i -F "${e[@]}" | wc -l) files; git grep -l: $(cd "$T" && git grep -l -i -F "${e[@]}" | wc -l) files"
csv=$WORK/check.csv
(cd "$T" && hyperfine -i -N --style basic --warmup 2 --runs "$RUNS" --export-csv "$csv" \
	-n check "$(q "$DS" check --rules "$RULES" .)" \
	-n check-sarif "$(q "$DS" check --rules "$RULES" --format sarif .)" \
	-n rg "$(q rg -l -i -F "${e[@]}")" \
	-n git-grep "$(q git grep -l -i -F "${e[@]}")")
c=$(mean 1 "$csv") s=$(mean 2 "$csv") r=$(mean 3 "$csv") g=$(mean 4 "$csv")

log "apply (a copy of the tree, restored before every run)"
CP=$WORK/copy
rm -rf "$CP"
cp -a "$T" "$CP"
warm "$CP"
# hyperfine -N runs the preparation without a shell too: one script
cat >"$WORK/restore.sh" <<RESTORE
#!/usr/bin/env bash
set -e
git -C $(q "$CP") checkout -q -- .
git -C $(q "$CP") ls-files -z | (cd $(q "$CP") && xargs -0 cat >/dev/null)
sync
RESTORE
chmod +x "$WORK/restore.sh"
restore=$WORK/restore.sh
csv=$WORK/apply.csv
(cd "$CP" && hyperfine -i -N --style basic --warmup 1 --runs "$RUNS" --export-csv "$csv" --prepare "$restore" \
	-n check "$(q "$DS" check --rules "$RULES" .)" \
	-n apply "$(q "$DS" apply --yes --rules "$RULES" .)")
ac=$(mean 1 "$csv") aa=$(mean 2 "$csv")
"$restore"
(cd "$CP" && "$DS" apply --yes --rules "$RULES" . >/dev/null 2>&1 || true)
rewritten=$(git -C "$CP" diff --name-only | wc -l)
"$restore"

log "apply, heavier migration (rules.toml + bench/real/heavier.toml)"
# About 4% of the files rewritten. apply is a repeated apply: on Linux its
# temp files reuse the originals the run before the previous one kept for
# undo, and it removes what is left of them; apply-first has no previous
# state. writefloor is the file system work alone on the same
# files (temp file, hard link, flush, rename): what an apply that replaces
# files through temp files and keeps the originals cannot avoid.
RULES_H=$WORK/rules-heavier.toml
cat "$RULES" "$ROOT/bench/real/heavier.toml" >"$RULES_H"
(cd "$ROOT" && go build -o "$WORK/bin/writefloor" ./internal/writefloor)
set +e
(cd "$CP" && "$DS" check --rules "$RULES_H" --format json --output "$WORK/check-heavier.json" . >/dev/null 2>&1)
set -e
jq -r '[.findings[] | select(.replacement != "" and .replacement != null) | .path] | unique | .[]' \
	"$WORK/check-heavier.json" >"$WORK/planned-heavier.txt"
planned_h=$(wc -l <"$WORK/planned-heavier.txt")
planned_mb=$(cd "$CP" && tr '\n' '\0' <"$WORK/planned-heavier.txt" | xargs -0 stat -c %s | awk '{ s += $1 } END { printf "%.0f", s / 1e6 }')
state=$(cd "$CP" && git rev-parse --absolute-git-dir)/domainshift
cat >"$WORK/restore-first.sh" <<RESTORE
#!/usr/bin/env bash
set -e
rm -rf $(q "$state")
$(q "$restore")
RESTORE
cat >"$WORK/restore-floor.sh" <<RESTORE
#!/usr/bin/env bash
set -e
rm -rf $(q "$CP/.writefloor")
$(q "$restore")
RESTORE
chmod +x "$WORK/restore-first.sh" "$WORK/restore-floor.sh"
csv=$WORK/apply-heavier.csv
(cd "$CP" && hyperfine -i -N --style basic --warmup 1 --runs "$RUNS" --export-csv "$csv" \
	--prepare "$restore" -n check "$(q "$DS" check --rules "$RULES_H" .)" \
	--prepare "$restore" -n apply "$(q "$DS" apply --yes --rules "$RULES_H" .)" \
	--prepare "$WORK/restore-first.sh" -n apply-first "$(q "$DS" apply --yes --rules "$RULES_H" .)" \
	--prepare "$WORK/restore-floor.sh" -n writefloor "$(q "$WORK/bin/writefloor" -root "$CP" -paths "$WORK/planned-heavier.txt")")
hc=$(mean 1 "$csv") ha=$(mean 2 "$csv") hf=$(mean 3 "$csv") hw=$(mean 4 "$csv")
"$WORK/restore-floor.sh"

log "scaling and memory (tree10)"
warm "$T10"
csv=$WORK/scale.csv
hyperfine -i -N --style basic --warmup 1 --runs 3 --export-csv "$csv" \
	-n tree "$(q "$DS" check --rules "$RULES" --root "$T" "$T")" \
	-n tree10 "$(q "$DS" check --rules "$RULES" --root "$T10" "$T10")"
t1=$(mean 1 "$csv") t10=$(mean 2 "$csv")
rss1=$(cd "$T" && own_rss "$DS" check --rules "$RULES" .)
rss10=$(cd "$T10" && own_rss "$DS" check --rules "$RULES" .)
rss10s=$(cd "$T10" && own_rss "$DS" check --rules "$RULES" --format sarif .)
all1=$(cd "$T" && rss "$DS" check --rules "$RULES" .)
all10=$(cd "$T10" && rss "$DS" check --rules "$RULES" .)
git10=$(cd "$T10" && rss git ls-files -z --cached --others --exclude-standard)
rg10=$(cd "$T10" && rss rg -l -i -F "${e[@]}")
gg10=$(cd "$T10" && rss git grep -l -i -F "${e[@]}")

log "summary ($(nproc) CPUs; $files files, $mb MB; hyperfine means, page cache warm)"
cat <<EOF
| | time | domainshift check vs it |
|---|---|---|
| domainshift check | $(awk -v x="$c" 'BEGIN { printf "%.0f ms", x * 1000 }') | |
| domainshift check --format sarif | $(awk -v x="$s" 'BEGIN { printf "%.0f ms", x * 1000 }') | |
| rg -l -i -F (${#HOSTS[@]} hosts) | $(awk -v x="$r" 'BEGIN { printf "%.0f ms", x * 1000 }') | check $(ratio "$c" "$r")x, sarif $(ratio "$s" "$r")x |
| git grep -l -i -F (${#HOSTS[@]} hosts) | $(awk -v x="$g" 'BEGIN { printf "%.0f ms", x * 1000 }') | check $(ratio "$c" "$g")x, sarif $(ratio "$s" "$g")x |
| domainshift apply --yes ($rewritten files rewritten) | $(awk -v x="$aa" 'BEGIN { printf "%.0f ms", x * 1000 }') | $(ratio "$aa" "$ac")x its check on the same copy ($(awk -v x="$ac" 'BEGIN { printf "%.0f ms", x * 1000 }')) |
| apply --yes, heavier migration ($planned_h files, $planned_mb MB rewritten) | $(awk -v x="$ha" 'BEGIN { printf "%.0f ms", x * 1000 }'); first apply $(awk -v x="$hf" 'BEGIN { printf "%.0f ms", x * 1000 }') | $(ratio "$ha" "$hc")x its check ($(awk -v x="$hc" 'BEGIN { printf "%.0f ms", x * 1000 }')); first $(ratio "$hf" "$hc")x |
| file system work alone on those files (writefloor) | $(awk -v x="$hw" 'BEGIN { printf "%.0f ms", x * 1000 }') | check plus it: $(ratio "$(awk -v a="$hc" -v b="$hw" 'BEGIN { print a + b }')" "$hc")x |
| check on ten copies ($files10 files) | $(awk -v x="$t10" 'BEGIN { printf "%.0f ms", x * 1000 }') | $(ratio "$t10" "$t1")x check on one ($(awk -v x="$t1" 'BEGIN { printf "%.0f ms", x * 1000 }')) |
| peak RSS of check, process alone | $rss1 MiB (one copy), $rss10 MiB (ten; sarif: $rss10s MiB) | |
| peak RSS with the git it runs | $all1 MiB (one copy), $all10 MiB (ten) | git ls-files alone on ten: $git10 MiB; rg $rg10 MiB, git grep $gg10 MiB |
EOF
echo
echo "targets: check/git grep $(ratio "$c" "$g") <= $TARGET_GITGREP: $(verdict "$(ratio "$c" "$g")" $TARGET_GITGREP);" \
	"sarif/git grep $(ratio "$s" "$g"): $(verdict "$(ratio "$s" "$g")" $TARGET_GITGREP);" \
	"check/rg $(ratio "$c" "$r") < $TARGET_RG: $(verdict "$(ratio "$c" "$r")" $TARGET_RG strict);" \
	"sarif/rg $(ratio "$s" "$r"): $(verdict "$(ratio "$s" "$r")" $TARGET_RG strict)"
echo "         apply/check $(ratio "$aa" "$ac") <= $TARGET_APPLY: $(verdict "$(ratio "$aa" "$ac")" $TARGET_APPLY);" \
	"heavier apply/check $(ratio "$ha" "$hc"): $(verdict "$(ratio "$ha" "$hc")" $TARGET_APPLY), first $(ratio "$hf" "$hc"): $(verdict "$(ratio "$hf" "$hc")" $TARGET_APPLY);" \
	"tree10/tree $(ratio "$t10" "$t1") <= $TARGET_SCALE: $(verdict "$(ratio "$t10" "$t1")" $TARGET_SCALE);" \
	"RSS on tree10 $rss10 MiB <= $TARGET_RSS: $(verdict "$rss10" $TARGET_RSS)"
