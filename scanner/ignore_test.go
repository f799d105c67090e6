package scanner

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// ignoreCases is the matcher's case table: the lines of one ignore file at
// the top, a path relative to the top, whether it is a directory, and
// whether it is ignored.
var ignoreCases = []struct {
	name    string
	lines   string
	path    string
	dir     bool
	ignored bool
}{
	{"basename glob", "*.log", "a/b/x.log", false, true},
	{"basename glob no match", "*.log", "x.logs", false, false},
	{"negation later wins", "*.log\n!important.log", "important.log", false, false},
	{"negation earlier loses", "!important.log\n*.log", "important.log", false, true},
	{"dir-only matches dir", "build/", "src/build", true, true},
	{"dir-only skips file", "logs/", "logs", false, false},
	{"leading slash anchors", "/rootonly.txt", "rootonly.txt", false, true},
	{"leading slash anchors not deeper", "/rootonly.txt", "sub/rootonly.txt", false, false},
	{"middle slash anchors", "mid/*.cfg", "x/mid/a.cfg", false, false},
	{"middle slash matches at top", "mid/*.cfg", "mid/a.cfg", false, true},
	{"star does not cross slash", "mid/*.cfg", "mid/sub/a.cfg", false, false},
	{"double star zero dirs", "docs/**/*.tmp", "docs/a.tmp", false, true},
	{"double star many dirs", "docs/**/*.tmp", "docs/x/y/a.tmp", false, true},
	{"leading double star", "**/deep/x.txt", "deep/x.txt", false, true},
	{"leading double star deeper", "**/deep/x.txt", "p/q/deep/x.txt", false, true},
	{"trailing double star not the dir", "a/**", "a", true, false},
	{"trailing double star inside", "a/**", "a/f.txt", false, true},
	{"trailing double star re-include dir", "a/**\n!a/keep/", "a/keep", true, false},
	{"double star dir-only skips the dir", "sub2/**/", "sub2", true, false},
	{"double star dir-only skips files", "sub2/**/", "sub2/f.txt", false, false},
	{"double star dir-only matches subdirs", "sub2/**/", "sub2/d", true, true},
	{"abc** is abc*", "abc**", "x/abcdef", false, true},
	{"escaped hash", `\#hash.txt`, "#hash.txt", false, true},
	{"hash is a comment", "#hash.txt", "#hash.txt", false, false},
	{"escaped bang", `\!bang.txt`, "!bang.txt", false, true},
	{"trailing spaces trimmed", "trailing.txt   ", "trailing.txt", false, true},
	{"trailing spaces trimmed not kept", "trailing.txt   ", "trailing.txt ", false, false},
	{"escaped trailing space kept", `escaped\ `, "escaped ", false, true},
	{"escaped trailing space needs it", `escaped\ `, "escaped", false, false},
	{"leading spaces kept", "  lead.txt", "  lead.txt", false, true},
	{"leading spaces significant", "  lead.txt", "lead.txt", false, false},
	{"braces are literal", "literal{brace}.txt", "literal{brace}.txt", false, true},
	{"braces are not alternation", "x{a,b}", "xa", false, false},
	{"braces literal in glob", "*{brace}.txt", "literal{brace}.txt", false, true},
	{"negated class", "[!x]yz.txt", "ayz.txt", false, true},
	{"negated class excludes", "[!x]yz.txt", "xyz.txt", false, false},
	{"range class", "[a-c].md", "b.md", false, true},
	{"question mark one char", "?.txt", "a.txt", false, true},
	{"question mark not two", "?.txt", "ab.txt", false, false},
	{"escaped star literal", `\*.txt`, "*.txt", false, true},
	{"escaped star not glob", `\*.txt`, "a.txt", false, false},
	{"crlf line", "crlf.txt\r", "crlf.txt", false, true},
	{"anchored one level", "/*/generated/", "p/generated", true, true},
	{"anchored one level not two", "/*/generated/", "p/q/generated", true, false},
	{"unclosed class never matches", "[abc", "[abc", false, false},
	{"hidden files match stars", "*.yml", ".github/workflows/ci.yml", false, true},
	{"bare slash matches nothing", "/", "x", false, false},
}

func TestIgnoreMatcher(t *testing.T) {
	for _, c := range ignoreCases {
		t.Run(c.name, func(t *testing.T) {
			var s *ignoreStack
			s = s.push(parseIgnoreFile("", []byte(c.lines)))
			if got := s.ignored(c.path, c.dir); got != c.ignored {
				t.Errorf("lines %q: ignored(%q, dir=%v) = %v, want %v", c.lines, c.path, c.dir, got, c.ignored)
			}
		})
	}
}

func TestIgnoreStackPrecedence(t *testing.T) {
	var s *ignoreStack
	s = s.push(parseIgnoreFile("", []byte("info-excluded.txt\n!root-kept.log"))) // like .git/info/exclude
	s = s.push(parseIgnoreFile("", []byte("*.log\n/anchored.txt")))
	s = s.push(parseIgnoreFile("sub/", []byte("!*.log\n/anchored.txt\nlocal.txt")))
	s = s.push(parseIgnoreFile("sub/", []byte("ignored-by-dot-ignore.txt\n!local.txt"))) // .ignore beats .gitignore
	for _, c := range []struct {
		path    string
		ignored bool
	}{
		{"x.log", true},
		{"root-kept.log", true}, // root .gitignore beats info/exclude
		{"sub/x.log", false},    // deeper file re-includes
		{"anchored.txt", true},
		{"sub/anchored.txt", true},
		{"sub/deeper/anchored.txt", false},
		{"info-excluded.txt", true},
		{"sub/info-excluded.txt", true},
		{"sub/local.txt", false},
		{"local.txt", false},
		{"sub/ignored-by-dot-ignore.txt", true},
		{"ignored-by-dot-ignore.txt", false}, // sub's files do not apply above sub
	} {
		if got := s.ignored(c.path, false); got != c.ignored {
			t.Errorf("ignored(%q) = %v, want %v", c.path, got, c.ignored)
		}
	}
}

func TestIgnoreTrimTrailingSpaces(t *testing.T) {
	for in, want := range map[string]string{
		"a":      "a",
		"a  ":    "a",
		`a\ `:    `a\ `,
		`a\  `:   `a\ `,
		`a\\ `:   `a\\`,
		"a\t":    "a\t",
		" a":     " a",
		`a\`:     `a\`,
		"a b  ":  "a b",
		"   ":    "",
		`\ \  `:  `\ \ `,
		`x\ y  `: `x\ y`,
	} {
		if got := trimTrailingSpaces(in); got != want {
			t.Errorf("trimTrailingSpaces(%q) = %q, want %q", in, got, want)
		}
	}
}

// conformanceTrees are the test trees of research/libraries.md section 1.
// Each entry is a file: "+path" must be listed, "-path" must not,
// "@path" is a symlink to the directory real/. Files named in ignore have
// that content; other files contain their own path.
var conformanceTrees = []struct {
	name   string
	ignore map[string]string
	files  []string
}{
	{
		name: "tree1",
		ignore: map[string]string{
			".gitignore": "*.log\n!important.log\nbuild/\n/rootonly.txt\ndocs/**/*.tmp\na/**\n!a/keep/\n!a/keep/**\n" +
				"/*/generated/\n\\#hash.txt\n\\!bang.txt\ntrailing.txt   \nescaped\\ \nliteral{brace}.txt\n[!x]yz.txt\n" +
				"**/deep/x.txt\nabc**\nlogs/\nvendor\n!vendor/keep.go\n*.min.js\n/dir-only-anchored/\nmid/*.cfg\n" +
				"**/cache/\nstar/**/end.txt\n*.{a,b}\n",
			"sub/.gitignore":    "!*.log\nlocal.txt\n/anchored.txt\nnested/\n",
			"crlf/.gitignore":   "crlf.txt\r\n",
			".git/info/exclude": "info-excluded.txt\n",
		},
		files: []string{
			"+.gitignore", "+sub/.gitignore", "+crlf/.gitignore",
			"-app.log", "+important.log", "+sub/app.log", "+sub/important.log", "-x/y/z.log",
			"-build/out.bin", "-src/build/o.txt", "+other/build",
			"-rootonly.txt", "+sub/rootonly.txt",
			"-docs/a.tmp", "-docs/x/y/b.tmp", "+docs/keep.txt", "+other/docs/c.tmp",
			"-a/f.txt", "-a/keep.txt", "+a/keep/k.txt", "+a/keep/deep/k2.txt", "-a/other/o.txt",
			"-p/generated/g.txt", "+p/q/generated/g.txt", "+generated/g.txt",
			"-#hash.txt", "-sub/#hash.txt", "-!bang.txt", "+bang.txt",
			"-trailing.txt", "+trailing.txt  ", "-escaped ", "+escaped",
			"-literal{brace}.txt", "+literalbrace.txt", "+literal.txt",
			"-ayz.txt", "+xyz.txt", "-dir/byz.txt",
			"-deep/x.txt", "-q/deep/x.txt", "+deep/y.txt",
			"-abc", "-abcdef.txt", "-sub/abcx", "+ab.txt",
			"+logs", "-m/logs/l.txt",
			"-vendor/keep.go", "-vendor/other.go",
			"-lib.min.js", "+lib.js",
			"-dir-only-anchored/f.txt", "+sub3/dir-only-anchored/f.txt", "+q/dir-only-anchored",
			"-mid/a.cfg", "+mid/sub/b.cfg", "+x/mid/c.cfg",
			"-cache/c.txt", "-q/r/cache/c.txt", "+m/cache",
			"-star/end.txt", "-star/x/y/end.txt", "+star/other.txt",
			"-sub/local.txt", "+local.txt", "-sub/anchored.txt", "+sub/deeper/anchored.txt", "+anchored.txt",
			"-sub/nested/n.txt", "-sub/x/nested/n.txt",
			"-crlf/crlf.txt", "+crlf/other.txt",
			"-info-excluded.txt", "-sub/info-excluded.txt",
			"+.env.staging", "+.github/workflows/ci.yml",
			"-f.{a,b}", "+f.a", "+f.b",
		},
	},
	{
		name: "tree2",
		ignore: map[string]string{
			".gitignore": "foo/*\n!foo/bar\n**/m/**/n\n?.txt\n[a-c].md\n\\*.txt\n  lead.txt\nlnk/\nsub2/**/\n" +
				"*.o\n!/keep.o\ndoc/frotz/\n",
			"deep1/.gitignore":       ".gitignore\n/deep2/z.txt\n",
			"deep1/deep2/.gitignore": "!z.txt\n",
		},
		files: []string{
			"+.gitignore", "-deep1/.gitignore", "-deep1/deep2/.gitignore", // deep1 ignores every .gitignore below it
			"-foo/abc.go", "+foo/bar", "-foo/baz/q.go",
			"-m/n", "-m/x/y/n", "-z/m/n", "+m/nn",
			"-a.txt", "+ab.txt", "-sub/c.txt",
			"-a.md", "-b.md", "-c.md", "+d.md",
			"-*.txt", "-  lead.txt", "+lead.txt",
			"@lnk", "+real/r.go",
			"+sub2/f.go", "-sub2/d/f.go",
			"-x.o", "+keep.o", "-sub/keep.o",
			"-doc/frotz/f", "+a/doc/frotz/f",
			"+deep1/deep2/z.txt", "+deep1/deep2/w.go", "+deep1/y.go",
		},
	},
	{
		name: "tree3",
		ignore: map[string]string{
			".gitignore": "a/**/*\n!a/b\nfoo/*\n!foo/bar\n!foo/baz/quux\n*.test\n!dir/*\nvolumes/functions/**\n" +
				"!volumes/functions/deno.json*\n.vscode/*\n!.vscode/extensions.json\nbuild/\n!/some_dir/build/\n",
			"w/.gitignore": "/*/\n!/keep/\n",
		},
		files: []string{
			"+.gitignore", "+w/.gitignore",
			"-a/b/c", "-a/f",
			"+foo/bar/x", "-foo/baz/quux", "-foo/q",
			"-x.test", "+dir/y.test", "-dir/sub/z.test",
			"+volumes/functions/deno.json", "+volumes/functions/deno.jsonc",
			"-volumes/functions/other.ts", "-volumes/functions/sub/deno.json",
			"+.vscode/extensions.json", "-.vscode/settings.json",
			"-build/x", "+some_dir/build/x", "-other/build/x",
			"+w/keep/k", "-w/other/o", "+w/file.txt",
		},
	},
}

// buildTree writes one conformance tree under dir and returns the files
// that must be listed, sorted.
func buildTree(t *testing.T, dir string, ignore map[string]string, files []string) []string {
	t.Helper()
	write := func(rel, content string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var want []string
	for _, f := range files {
		mark, rel := f[0], f[1:]
		switch mark {
		case '@':
			if err := os.Symlink("real", filepath.Join(dir, rel)); err != nil {
				t.Skipf("symlinks unsupported: %v", err)
			}
			continue
		case '+':
			want = append(want, rel)
		}
		content, ok := ignore[rel]
		if !ok {
			content = rel + "\n"
		}
		write(rel, content)
	}
	if content, ok := ignore[".git/info/exclude"]; ok {
		write(".git/info/exclude", content)
	}
	slices.Sort(want)
	return want
}

// TestIgnoreConformance checks the walk against each tree's annotations and,
// when git is installed, against `git ls-files -o --exclude-standard`.
func TestIgnoreConformance(t *testing.T) {
	_, gitErr := exec.LookPath("git")
	for _, tree := range conformanceTrees {
		t.Run(tree.name, func(t *testing.T) {
			dir := t.TempDir()
			want := buildTree(t, dir, tree.ignore, tree.files)
			if gitErr == nil {
				oracle := gitUntracked(t, dir)
				if !slices.Equal(oracle, want) {
					t.Errorf("the tree's annotations disagree with git:\n%s", diffLists(want, oracle))
				}
			}
			got, err := walkFiles(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("walk differs from the expected files (- want, + got):\n%s", diffLists(want, got))
			}
		})
	}
	if gitErr != nil {
		t.Log("git not installed: checked against the annotations only")
	}
}

// gitUntracked runs git init in dir (keeping a prepared .git/info/exclude)
// and returns the regular files `git ls-files -o --exclude-standard` lists.
func gitUntracked(t *testing.T, dir string) []string {
	t.Helper()
	exclude, _ := os.ReadFile(filepath.Join(dir, ".git", "info", "exclude"))
	runGit(t, dir, "init", "-q")
	if exclude != nil {
		if err := os.WriteFile(filepath.Join(dir, ".git", "info", "exclude"), exclude, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := runGit(t, dir, "ls-files", "-z", "-o", "--exclude-standard")
	var files []string
	for p := range strings.SplitSeq(out, "\x00") {
		if fi, err := os.Lstat(filepath.Join(dir, p)); p != "" && err == nil && fi.Mode().IsRegular() {
			files = append(files, p)
		}
	}
	slices.Sort(files)
	return files
}

// runGit runs git in dir isolated from the user's and the system's
// configuration, and returns its standard output.
func runGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	home := t.TempDir()
	cmd := exec.Command("git", append([]string{"-c", "user.name=domainshift test", "-c", "user.email=test@example.com",
		"-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL="+filepath.Join(home, "gitconfig"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// diffLists shows the elements only in want (-) and only in got (+).
func diffLists(want, got []string) string {
	var b strings.Builder
	for _, w := range want {
		if !slices.Contains(got, w) {
			b.WriteString("- " + w + "\n")
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			b.WriteString("+ " + g + "\n")
		}
	}
	return b.String()
}
