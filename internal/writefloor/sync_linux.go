package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncFS flushes the file system holding dir, as apply does on Linux.
func syncFS(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return unix.Syncfs(int(d.Fd()))
}
