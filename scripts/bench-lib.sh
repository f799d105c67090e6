# Shell functions both modes of scripts/bench.sh use; sourced, not run.

# peak RSS in MiB of a command (run once, output discarded, exit status
# ignored), as /usr/bin/time reports it: the process or its largest child
rss() {
	local f
	f=$(mktemp)
	/usr/bin/time -f %M -o "$f" "$@" >/dev/null 2>&1 || true
	tail -n 1 "$f" | awk '{ printf "%.1f", $1 / 1024 }'
	rm -f "$f"
}
