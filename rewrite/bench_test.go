package rewrite

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainshift/domainshift/internal/testfs"
)

// BenchmarkWrite measures Write over a tree like the files apply rewrites
// in a repository: 400 files of 16 KiB, 25 to a directory, three hosts to
// replace in each. It reports the cost per file of staging, flushing,
// re-reading and renaming, the part of apply that check does not do; the
// trees are made and flushed with the timer stopped, and removed when the
// benchmark ends. On ext4 without a journal, new inodes come slowly for a
// minute or more after many files were deleted (it skips recently freed
// ones), so there a repeated run (-count) measures that: give each run its
// own quiet minute.
//
//	go test -run '^$' -bench Write ./rewrite
func BenchmarkWrite(b *testing.B) {
	const files, perDir = 400, 25
	line := "endpoint = \"https://api.staging.example.com/v1\"\n"
	filler := strings.Repeat("# configuration that mentions no host at all, as most lines do\n", 85)
	content := filler + line + filler + line + filler + line
	names := make([]string, files)
	tree := map[string]string{}
	for i := range names {
		names[i] = fmt.Sprintf("d%02d/f%03d.conf", i/perDir, i)
		tree[names[i]] = content
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		b.StopTimer()
		root := testfs.Tree(b, tree)
		plans := make([]FilePlan, len(names))
		paths := make([]string, len(names))
		for j, p := range names {
			plans[j] = plan(b, root, p, "api.staging.example.com", "api-staging.example.com")
			paths[j] = filepath.Join(root, filepath.FromSlash(p))
		}
		// Write's flush would otherwise also write out the new tree.
		if err := syncFiles(root, paths); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := Write(root, plans, WriteOptions{})
		if err != nil || len(res.Written) != files {
			b.Fatalf("Write: %v, %d of %d written", err, len(res.Written), files)
		}
		n++
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(n*files), "µs/file")
}
