// Command gencorpus writes a deterministic synthetic repository for the
// performance comparison in scripts/bench.sh: code- and config-like text
// (Python, TypeScript, Go, YAML, JSON, Terraform, .env, Markdown,
// Dockerfiles) in nested directories, with sparse mentions of the hosts a
// matching rules.toml cares about, in every spelling the scanner must handle
// (plain, mixed case, URLs with and without ports, regex-escaped, percent-
// and JSON-escaped, e-mail addresses) plus look-alikes that must not match.
//
// The same -seed, -files and -mb always produce the same bytes.
//
//	go run ./internal/gencorpus -out /tmp/corpus -rules /tmp/rules.toml -hosts /tmp/hosts.txt
//
// -rules writes the rules file, -hosts the deprecated literal hosts (one
// "old new" pair per line, for rg and sed), -git makes the corpus a git
// repository with everything committed. A summary (counts of what was
// written, including how many files hold a deprecated literal host, i.e. what
// `rg -l -i -F` should list) goes to stdout as key=value lines.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

func main() {
	var o options
	flag.StringVar(&o.out, "out", "", "directory to create (must not exist or be empty)")
	flag.IntVar(&o.files, "files", 20000, "number of files")
	flag.Float64Var(&o.mb, "mb", 320, "approximate total size in MiB")
	flag.Uint64Var(&o.seed, "seed", 1, "random seed")
	flag.StringVar(&o.rules, "rules", "", "write a matching rules.toml to this file (e.g. OUT/rules.toml or alongside OUT)")
	flag.StringVar(&o.hosts, "hosts", "", "write the deprecated literal hosts to this file, one \"old new\" pair per line")
	flag.IntVar(&o.nhosts, "deprecated", 12, "number of exact deprecated hosts (1-20)")
	flag.Float64Var(&o.density, "density", 35, "average KiB of text per host mention over the whole corpus")
	flag.IntVar(&o.maxKiB, "max-file-kib", 4096, "largest file size in KiB")
	flag.BoolVar(&o.git, "git", false, "git init the corpus and commit every file")
	flag.Parse()
	if o.out == "" || flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: gencorpus -out DIR [-files N] [-mb SIZE] [-seed N] [-rules FILE] [-hosts FILE] [-git]")
		os.Exit(2)
	}
	if err := run(o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

type options struct {
	out     string
	files   int
	mb      float64
	seed    uint64
	rules   string
	hosts   string
	nhosts  int
	density float64
	maxKiB  int
	git     bool
}

func run(o options, stdout io.Writer) error {
	if o.files < 1 || o.mb <= 0 || o.density <= 0 || o.maxKiB < 1 {
		return errors.New("-files, -mb, -density and -max-file-kib must be positive")
	}
	if o.nhosts < 1 || o.nhosts > len(exactLabels) {
		return fmt.Errorf("-deprecated must be between 1 and %d", len(exactLabels))
	}
	if ents, err := os.ReadDir(o.out); err == nil && len(ents) > 0 {
		return fmt.Errorf("%s exists and is not empty", o.out)
	}
	c := newCorpus(o)
	if err := c.write(); err != nil {
		return err
	}
	if o.rules != "" {
		if err := os.WriteFile(o.rules, c.rulesTOML(), 0o644); err != nil {
			return err
		}
	}
	if o.hosts != "" {
		var b strings.Builder
		for _, h := range c.exact {
			fmt.Fprintf(&b, "%s %s\n", h.old, h.new)
		}
		if err := os.WriteFile(o.hosts, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	if o.git {
		if err := gitCommit(o.out); err != nil {
			return err
		}
	}
	c.summary(stdout)
	return nil
}

// ---------------------------------------------------------------------------
// The host vocabulary.

const zone = "example.com"

// exactLabels are the first labels of the exact deprecated hosts
// LABEL.staging.example.com; the first -deprecated of them are used.
var exactLabels = []string{
	"api", "app", "auth", "ws", "admin", "grafana", "cdn", "docs", "events", "billing",
	"search", "uploads", "realtime", "console", "metrics", "hooks", "assets", "sso", "gateway", "notify",
}

type exactHost struct{ old, new string }

// wildLabels are first labels covered only by *.staging.example.com.
var wildLabels = []string{
	"redis-ui", "kibana", "jobs", "scheduler", "mailer", "webhooks", "partner-api", "status",
	"files", "media", "xapi", "custom-api", "api2", "app-v2", "ingest", "export", "reports", "flags",
}

// otherZoneHosts are hosts under example.com that no deprecated rule matches.
var otherZoneHosts = []string{
	"example.com", "www.example.com", "api.example.com", "api-staging.example.com",
	"staging.example.com", "app-staging.example.com", "status.example.com", "mail.example.com",
	"auth.example.com", "cdn.example.com", "ws-staging.example.com", "api.prod.example.com",
	"eu.api.example.com", "docs.example.com",
}

// otherHosts are hosts elsewhere, some of them close to the zone.
var otherHosts = []string{
	"github.com", "api.github.com", "pypi.org", "registry.npmjs.org", "s3.amazonaws.com",
	"storage.googleapis.com", "api.staging.example.org", "staging.example.net", "example.org",
	"sentry.io", "hooks.slack.com", "auth0.com", "api.stripe.com", "docker.io", "ghcr.io",
	"api.staging.example.co", "example.com.au", "staging.examples.com",
}

// ---------------------------------------------------------------------------
// The plan: directories, files, sizes and which files mention hosts.

type lang int

const (
	langPy lang = iota
	langTS
	langJS
	langGo
	langYAML
	langJSON
	langTF
	langEnv
	langMD
	langDocker
	langSh
	langTOML
	langTxt
	langBin
)

type fileSpec struct {
	path     string // slash-separated, relative to the root
	lang     lang
	size     int
	mentions int  // host mentions to place
	ignored  bool // matched by the root .gitignore
}

type corpus struct {
	o       options
	exact   []exactHost
	dirs    []string
	files   []fileSpec
	results []fileResult
}

type fileResult struct {
	bytes   int
	kinds   [numKinds]int
	rgMatch bool // holds an exact deprecated host literal, any case
}

func newCorpus(o options) *corpus {
	c := &corpus{o: o}
	for i := range o.nhosts {
		l := exactLabels[i]
		n := l + "-staging." + zone
		if l == "app" {
			n = "staging." + zone // the DESIGN.md example: app.staging -> staging
		}
		c.exact = append(c.exact, exactHost{l + ".staging." + zone, n})
	}
	r := rand.New(rand.NewPCG(o.seed, 0x9e3779b97f4a7c15))
	c.planTree(r)
	c.planSizes(r)
	c.planMentions(r)
	return c
}

type dirSpec struct {
	path   string
	flavor string
	depth  int
}

var topDirs = []dirSpec{
	{"services", "py", 1}, {"web", "ts", 1}, {"packages", "py", 1}, {"cmd", "py", 1},
	{"internal", "go", 1}, {"infra", "infra", 1}, {"deploy", "config", 1}, {"docs", "docs", 1},
	{"tools", "py", 1}, {"config", "config", 1}, {"libs", "py", 1}, {"apps", "py", 1},
	{".github", "ci", 1},
}

var flavorLangs = map[string][]struct {
	l lang
	w int
}{
	"py":     {{langPy, 58}, {langYAML, 6}, {langMD, 17}, {langJSON, 4}, {langTOML, 3}, {langEnv, 2}, {langTxt, 3}, {langSh, 3}, {langDocker, 1}, {langBin, 1}},
	"ts":     {{langTS, 50}, {langJS, 18}, {langJSON, 12}, {langMD, 5}, {langYAML, 4}, {langEnv, 2}, {langTxt, 2}, {langBin, 2}, {langDocker, 1}},
	"go":     {{langGo, 75}, {langYAML, 5}, {langMD, 6}, {langJSON, 5}, {langSh, 3}, {langTxt, 3}, {langDocker, 2}, {langBin, 1}},
	"infra":  {{langTF, 45}, {langYAML, 20}, {langJSON, 10}, {langSh, 8}, {langEnv, 5}, {langMD, 6}, {langDocker, 4}, {langTOML, 2}},
	"config": {{langYAML, 45}, {langJSON, 20}, {langEnv, 12}, {langTOML, 6}, {langMD, 5}, {langDocker, 5}, {langSh, 4}, {langTF, 3}},
	"docs":   {{langMD, 80}, {langTxt, 6}, {langYAML, 4}, {langJSON, 3}, {langBin, 4}, {langPy, 3}},
	"ci":     {{langYAML, 80}, {langSh, 10}, {langMD, 5}, {langJSON, 5}},
}

var langExt = map[lang][]string{
	langPy: {".py"}, langTS: {".ts", ".tsx"}, langJS: {".js", ".mjs"}, langGo: {".go"},
	langYAML: {".yaml", ".yml"}, langJSON: {".json"}, langTF: {".tf", ".tfvars"},
	langEnv: {".env"}, langMD: {".md"}, langDocker: {"Dockerfile"}, langSh: {".sh"},
	langTOML: {".toml"}, langTxt: {".txt", ".cfg", ".ini"}, langBin: {".png", ".woff2", ".gz"},
}

// relative size weights per language (before the log-normal spread)
var langWeight = map[lang]float64{
	langPy: 1.2, langTS: 1.0, langJS: 1.3, langGo: 1.4, langYAML: 0.5, langJSON: 1.6,
	langTF: 0.6, langEnv: 0.08, langMD: 0.9, langDocker: 0.12, langSh: 0.3, langTOML: 0.2,
	langTxt: 0.5, langBin: 0.8,
}

func pickLang(r *rand.Rand, flavor string) lang {
	ws := flavorLangs[flavor]
	total := 0
	for _, w := range ws {
		total += w.w
	}
	n := r.IntN(total)
	for _, w := range ws {
		if n < w.w {
			return w.l
		}
		n -= w.w
	}
	return ws[0].l
}

func (c *corpus) planTree(r *rand.Rand) {
	n := c.o.files
	used := map[string]bool{}
	add := func(dir, name string, l lang, ignored bool) {
		p := name
		if dir != "" {
			p = dir + "/" + name
		}
		for i := 2; used[p]; i++ {
			ext := filepath.Ext(name)
			base := strings.TrimSuffix(name, ext)
			if ext == "" || base == "" {
				p = fmt.Sprintf("%s_%d", name, i)
			} else {
				p = fmt.Sprintf("%s_%d%s", base, i, ext)
			}
			if dir != "" {
				p = dir + "/" + p
			}
		}
		used[p] = true
		c.files = append(c.files, fileSpec{path: p, lang: l, ignored: ignored})
	}
	// The root: the usual top-level files, .gitignore first.
	add("", "README.md", langMD, false)
	add("", "docker-compose.yml", langYAML, false)
	add("", ".env", langEnv, false)
	add("", ".env.staging", langEnv, false)
	add("", "package.json", langJSON, false)
	add("", "Makefile", langSh, false)

	// Ignored content (node_modules, build output, logs): ~1.5% of the files.
	nIgnored := n * 15 / 1000
	queue := append([]dirSpec(nil), topDirs...)
	c.dirs = append(c.dirs, "")
	for len(c.files) < n-nIgnored {
		var d dirSpec
		if len(queue) == 0 {
			d = dirSpec{fmt.Sprintf("modules/%s%d", word(r), len(c.dirs)), []string{"py", "py", "ts"}[r.IntN(3)], 2}
		} else {
			d, queue = queue[0], queue[1:]
		}
		c.dirs = append(c.dirs, d.path)
		cnt := 5 + r.IntN(25) // about 17 files a directory, as in the real tree
		if d.flavor == "ci" {
			cnt = 20 + r.IntN(20)
		}
		cnt = min(cnt, n-nIgnored-len(c.files))
		for range cnt {
			l := pickLang(r, d.flavor)
			add(d.path, fileName(r, l), l, false)
		}
		if d.depth < 6 {
			subs := 1 + r.IntN(3)
			if d.depth >= 2 {
				subs = r.IntN(3)
			}
			for range subs {
				f := d.flavor
				if r.IntN(8) == 0 {
					f = []string{"config", "docs", "infra"}[r.IntN(3)]
				}
				if f == "ci" {
					f = "config"
				}
				queue = append(queue, dirSpec{d.path + "/" + dirName(r, d.depth), f, d.depth + 1})
			}
		}
	}
	for i := 0; len(c.files) < n; i++ {
		var dir string
		switch i % 10 {
		case 0, 1, 2, 3, 4, 5:
			dir = fmt.Sprintf("web/node_modules/%s/lib", word(r))
			l := []lang{langJS, langJS, langJSON, langMD}[r.IntN(4)]
			add(dir, fileName(r, l), l, true)
		case 6, 7, 8:
			dir = "web/dist"
			add(dir, fileName(r, langJS), langJS, true)
		default:
			add("logs", word(r)+".log", langTxt, true)
		}
	}
	c.files = c.files[:n]
}

func fileName(r *rand.Rand, l lang) string {
	exts := langExt[l]
	ext := exts[r.IntN(len(exts))]
	switch l {
	case langDocker:
		if r.IntN(2) == 0 {
			return "Dockerfile"
		}
		return "Dockerfile." + word(r)
	case langEnv:
		return []string{".env", ".env.staging", ".env.production", ".env.example", ".env.local"}[r.IntN(5)]
	case langGo:
		if r.IntN(4) == 0 {
			return word(r) + "_test.go"
		}
	case langPy:
		if r.IntN(5) == 0 {
			return "test_" + word(r) + ".py"
		}
	case langTS:
		if r.IntN(5) == 0 {
			return word(r) + ".test" + ext
		}
	}
	sep := []string{"_", "-", ""}[int(l)%3]
	if r.IntN(2) == 0 {
		return word(r) + ext
	}
	return word(r) + sep + word(r) + ext
}

func dirName(r *rand.Rand, depth int) string {
	if depth == 1 {
		return word(r)
	}
	if r.IntN(3) == 0 {
		return []string{"src", "lib", "handlers", "api", "models", "utils", "config", "tests", "components", "modules", "staging", "k8s", "scripts"}[r.IntN(13)]
	}
	return word(r)
}

func (c *corpus) planSizes(r *rand.Rand) {
	target := c.o.mb * (1 << 20)
	ws := make([]float64, len(c.files))
	sum := 0.0
	for i, f := range c.files {
		w := realSize(r) * langWeight[f.lang]
		ws[i] = w
		sum += w
	}
	for i := range c.files {
		s := int(target * ws[i] / sum)
		c.files[i].size = max(40, min(s, c.o.maxKiB<<10))
	}
}

// sizeBuckets is how file sizes spread in a real 25,757-file monorepo
// (issue 15): per bucket its share of the files and its bounds in bytes.
var sizeBuckets = []struct {
	share  float64
	lo, hi float64
}{
	{0.05, 40, 1 << 10},
	{0.11, 1 << 10, 4 << 10},
	{0.45, 4 << 10, 16 << 10},
	{0.38, 16 << 10, 64 << 10},
	{0.016, 64 << 10, 1 << 20},
	{0.0004, 1 << 20, 4 << 20},
}

// realSize draws a file size from sizeBuckets, log-uniform within a bucket.
func realSize(r *rand.Rand) float64 {
	x := r.Float64() * 0.9964
	for _, b := range sizeBuckets {
		if x < b.share {
			return math.Exp(math.Log(b.lo) + r.Float64()*(math.Log(b.hi)-math.Log(b.lo)))
		}
		x -= b.share
	}
	return 8 << 10
}

// planMentions picks the files that mention hosts (mostly config) and how
// many mentions each gets, so that the corpus averages one mention per
// -density KiB while most files have none.
func (c *corpus) planMentions(r *rand.Rand) {
	total := 0
	for _, f := range c.files {
		total += f.size
	}
	budget := float64(total) / (c.o.density * 1024)
	var chosen []int
	chosenBytes := 0
	for i, f := range c.files {
		p := 0.035
		switch f.lang {
		case langYAML, langEnv, langTF, langDocker, langTOML:
			p = 0.18
		case langJSON, langMD, langSh:
			p = 0.09
		case langBin:
			p = 0
		}
		if f.size > 512<<10 {
			p /= 10
		}
		if i < 6 { // the root files always talk about the deployment
			p = 1
		}
		if r.Float64() < p {
			chosen = append(chosen, i)
			chosenBytes += f.size
		}
	}
	if len(chosen) == 0 {
		return
	}
	perByte := budget / float64(chosenBytes)
	for _, i := range chosen {
		e := perByte * float64(c.files[i].size)
		k := int(e)
		if r.Float64() < e-float64(k) {
			k++
		}
		c.files[i].mentions = max(1, k)
	}
}

// ---------------------------------------------------------------------------
// Writing.

func (c *corpus) write() error {
	if err := os.MkdirAll(c.o.out, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(c.o.out, ".gitignore"), []byte("node_modules/\ndist/\n*.log\n"), 0o644); err != nil {
		return err
	}
	c.results = make([]fileResult, len(c.files))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var g gen
			for i := w; i < len(c.files); i += workers {
				if err := c.writeFile(&g, i); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (c *corpus) writeFile(g *gen, i int) error {
	f := c.files[i]
	g.reset(rand.New(rand.NewPCG(c.o.seed, uint64(i)+1)), c, f.lang)
	data := g.file(f)
	res := &c.results[i]
	res.bytes = len(data)
	res.kinds = g.kinds
	if f.mentions > 0 && f.lang != langBin {
		lower := bytes.ToLower(data)
		for _, h := range c.exact {
			if bytes.Contains(lower, []byte(h.old)) {
				res.rgMatch = true
				break
			}
		}
	}
	p := filepath.Join(c.o.out, filepath.FromSlash(f.path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	mode := os.FileMode(0o644)
	if f.lang == langSh && strings.HasSuffix(f.path, ".sh") {
		mode = 0o755
	}
	return os.WriteFile(p, data, mode)
}

func gitCommit(dir string) error {
	env := append(os.Environ(),
		"GIT_AUTHOR_NAME=gencorpus", "GIT_AUTHOR_EMAIL=gencorpus@invalid",
		"GIT_COMMITTER_NAME=gencorpus", "GIT_COMMITTER_EMAIL=gencorpus@invalid",
		"GIT_AUTHOR_DATE=2025-01-01T00:00:00Z", "GIT_COMMITTER_DATE=2025-01-01T00:00:00Z")
	for _, args := range [][]string{
		{"init", "-q", "-b", "main"},
		{"add", "."},
		{"-c", "commit.gpgsign=false", "commit", "-q", "-m", "synthetic corpus"},
	} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = env
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("git %s: %w", strings.Join(args, " "), err)
		}
	}
	return nil
}

func (c *corpus) rulesTOML() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# Generated by gencorpus -seed %d -files %d -mb %g; matches the synthetic corpus.\n", c.o.seed, c.o.files, c.o.mb)
	b.WriteString("version = 1\n\n[scan]\nmax_file_size = \"8MiB\"\n")
	for _, h := range c.exact {
		fmt.Fprintf(&b, "\n[[deprecated]]\nhost = %q\nreplace = %q\nreason = \"two-level name, not covered by the *.%s certificate\"\n", h.old, h.new, zone)
	}
	fmt.Fprintf(&b, "\n[[deprecated]]\nhost = \"*.staging.%s\"\nreplace = \"*-staging.%s\"\nreason = \"flatten every other staging host\"\n", zone, zone)
	fmt.Fprintf(&b, "\n[[keep]]\nhosts = [\"postgres.staging.%s\", \"pr-*.staging.%s\"]\nreason = \"internal DNS and preview hosts, not behind the public certificate\"\n", zone, zone)
	fmt.Fprintf(&b, "\n[secure]\nzones = [%q]\n", zone)
	fmt.Fprintf(&b, "\n[certificates]\nnames = [%q, \"*.%s\"]\n", zone, zone)
	return []byte(b.String())
}

func (c *corpus) summary(w io.Writer) {
	var files, ignored, mentioning, rg, bin, bytesTotal int
	var kinds [numKinds]int
	for i, f := range c.files {
		res := c.results[i]
		bytesTotal += res.bytes
		if f.ignored {
			ignored++
			continue
		}
		files++
		if f.lang == langBin {
			bin++
		}
		if f.mentions > 0 {
			mentioning++
		}
		if res.rgMatch {
			rg++
		}
		for k, n := range res.kinds {
			kinds[k] += n
		}
	}
	dirs := map[string]bool{}
	for _, f := range c.files {
		dirs[filepath.Dir(f.path)] = true
	}
	fmt.Fprintf(w, "out=%s\n", c.o.out)
	fmt.Fprintf(w, "files=%d\n", len(c.files)+1) // + .gitignore
	fmt.Fprintf(w, "dirs=%d\n", len(dirs))
	fmt.Fprintf(w, "bytes=%d\n", bytesTotal)
	fmt.Fprintf(w, "mib=%.1f\n", float64(bytesTotal)/(1<<20))
	fmt.Fprintf(w, "ignored_files=%d\n", ignored)
	fmt.Fprintf(w, "binary_files=%d\n", bin)
	fmt.Fprintf(w, "scanned_files=%d\n", files-bin)
	fmt.Fprintf(w, "mentioning_files=%d\n", mentioning)
	total := 0
	for _, n := range kinds {
		total += n
	}
	fmt.Fprintf(w, "mentions=%d\n", total)
	for k := range numKinds {
		fmt.Fprintf(w, "mentions_%s=%d\n", kindNames[k], kinds[k])
	}
	fmt.Fprintf(w, "deprecated_host_findings_expected=%d\n", kinds[kExact]+kinds[kWild])
	fmt.Fprintf(w, "rg_files_expected=%d\n", rg)
	var hs []string
	for _, h := range c.exact {
		hs = append(hs, h.old)
	}
	sort.Strings(hs)
	fmt.Fprintf(w, "deprecated_hosts=%s\n", strings.Join(hs, ","))
}
