// Command writefloor measures the least that replacing files the way
// domainshift apply does can cost on a machine, for scripts/bench.sh: for
// each listed file, read it, write a changed copy to a temp file next to
// it and hard-link the original into a backup directory (in
// subdirectories of 64, as apply keeps it for undo); then one flush of
// the file system, a rename of every temp file over its original, and a
// second flush for the renames. No scan, no hashing, no checks: the file
// system work alone, on GOMAXPROCS goroutines.
//
//	go run ./internal/writefloor -root /tmp/copy -paths planned.txt
//
// -paths names the files to rewrite, one slash-separated path relative to
// -root per line. The files are changed (their first byte flipped) and a
// .writefloor directory is left under -root: run it on a throwaway copy.
// It prints one line of timings.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"time"
)

func main() {
	root := flag.String("root", "", "directory the paths are relative to (a throwaway copy)")
	list := flag.String("paths", "", "file with one path to rewrite per line")
	flag.Parse()
	if *root == "" || *list == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: writefloor -root DIR -paths FILE")
		os.Exit(2)
	}
	if err := run(*root, *list); err != nil {
		fmt.Fprintln(os.Stderr, "writefloor:", err)
		os.Exit(1)
	}
}

func run(root, list string) error {
	f, err := os.Open(list)
	if err != nil {
		return err
	}
	var paths []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if sc.Text() != "" {
			paths = append(paths, filepath.Join(root, filepath.FromSlash(sc.Text())))
		}
	}
	f.Close()
	if err := sc.Err(); err != nil {
		return err
	}
	backup := filepath.Join(root, ".writefloor")
	if err := os.Mkdir(backup, 0o700); err != nil {
		return err
	}
	tmp := func(p string) string { return filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".writefloor-tmp") }

	// Originals go into subdirectories of 64, as apply keeps them.
	sub := func(i int) string { return filepath.Join(backup, strconv.Itoa(i/64)) }
	start := time.Now()
	for i := 0; i < len(paths); i += 64 {
		if err := os.Mkdir(sub(i), 0o700); err != nil {
			return err
		}
	}
	err = each(paths, func(i int, p string) error {
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if len(data) > 0 {
			data[0] ^= 1
		}
		if err := os.WriteFile(tmp(p), data, 0o644); err != nil {
			return err
		}
		return os.Link(p, filepath.Join(sub(i), strconv.Itoa(i)))
	})
	if err != nil {
		return err
	}
	staged := time.Now()
	if err := syncFS(root); err != nil {
		return err
	}
	synced := time.Now()
	if err := each(paths, func(_ int, p string) error { return os.Rename(tmp(p), p) }); err != nil {
		return err
	}
	renamed := time.Now()
	if err := syncFS(root); err != nil {
		return err
	}
	done := time.Now()
	ms := func(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }
	fmt.Printf("files=%d workers=%d stage=%s sync=%s rename=%s dirsync=%s total=%s\n",
		len(paths), runtime.GOMAXPROCS(0), ms(staged.Sub(start)), ms(synced.Sub(staged)),
		ms(renamed.Sub(synced)), ms(done.Sub(renamed)), ms(done.Sub(start)))
	return nil
}

// each runs do for every path on GOMAXPROCS goroutines and returns the
// first error.
func each(paths []string, do func(int, string) error) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := do(i, paths[i]); err != nil {
					mu.Lock()
					if first == nil {
						first = fmt.Errorf("%s: %w", paths[i], err)
					}
					mu.Unlock()
				}
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}
