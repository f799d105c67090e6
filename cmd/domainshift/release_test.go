package main

import (
	"bytes"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// instruction is one line of a Dockerfile, continuations joined.
type instruction struct {
	cmd, args string
}

// stage is one FROM ... AS name block of a Dockerfile.
type stage struct {
	name, from string
	body       []instruction
}

// parseDockerfile reads the stages of a Dockerfile: enough of the format
// (comments, line continuations, FROM ... AS) to check what ours says.
func parseDockerfile(t *testing.T, path string) []stage {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var stages []stage
	var line strings.Builder
	flush := func() {
		text := strings.TrimSpace(line.String())
		line.Reset()
		if text == "" {
			return
		}
		cmd, args, _ := strings.Cut(text, " ")
		in := instruction{strings.ToUpper(cmd), strings.TrimSpace(args)}
		if in.cmd == "FROM" {
			f := strings.Fields(in.args)
			st := stage{from: f[0]}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				st.name = f[2]
			}
			stages = append(stages, st)
			return
		}
		if len(stages) == 0 {
			t.Fatalf("%s: %s before the first FROM", path, in.cmd)
		}
		stages[len(stages)-1].body = append(stages[len(stages)-1].body, in)
	}
	for _, l := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimSpace(l)
		if strings.HasPrefix(trimmed, "#") && line.Len() == 0 {
			continue
		}
		if strings.HasSuffix(trimmed, "\\") {
			line.WriteString(strings.TrimSuffix(trimmed, "\\") + " ")
			continue
		}
		line.WriteString(trimmed)
		flush()
	}
	flush()
	return stages
}

func (s stage) find(cmd string) []string {
	var out []string
	for _, in := range s.body {
		if in.cmd == cmd {
			out = append(out, in.args)
		}
	}
	return out
}

// TestDockerfile: the image runs a static binary as a non-root user with
// git at hand, and the build command it runs makes a static binary that
// carries the version it is given. (No Docker engine here: the build
// command runs on the host.)
func TestDockerfile(t *testing.T) {
	root := filepath.Join("..", "..")
	stages := parseDockerfile(t, filepath.Join(root, "Dockerfile"))
	byName := map[string]stage{}
	for _, s := range stages {
		byName[s.name] = s
	}
	for _, name := range []string{"build", "base", "release", "default"} {
		if _, ok := byName[name]; !ok {
			t.Fatalf("Dockerfile has no stage %q", name)
		}
	}
	if last := stages[len(stages)-1].name; last != "default" {
		t.Errorf("the last stage (what a plain docker build makes) is %q, want default", last)
	}
	if runs := strings.Join(byName["base"].find("RUN"), "\n"); !strings.Contains(runs, "apk add") || !strings.Contains(runs, " git") {
		t.Errorf("the base stage does not install git: %q", runs)
	}
	if ep := byName["base"].find("ENTRYPOINT"); len(ep) != 1 || ep[0] != `["domainshift"]` {
		t.Errorf("ENTRYPOINT %q", ep)
	}
	for _, name := range []string{"release", "default"} {
		users := byName[name].find("USER")
		if len(users) == 0 {
			t.Errorf("stage %s runs as root", name)
			continue
		}
		if u := strings.Split(users[len(users)-1], ":")[0]; u == "0" || u == "root" {
			t.Errorf("stage %s runs as %q", name, u)
		}
		copies := byName[name].find("COPY")
		if len(copies) != 1 || !strings.HasSuffix(copies[0], " /usr/local/bin/domainshift") {
			t.Errorf("stage %s copies %q", name, copies)
		}
	}

	var build string
	for _, r := range byName["build"].find("RUN") {
		if strings.Contains(r, "go build") {
			build = r
		}
	}
	if !strings.HasPrefix(build, "CGO_ENABLED=0 go build ") {
		t.Fatalf("the build stage's go build is not static: %q", build)
	}
	if runtime.GOOS != "linux" {
		return
	}
	out := filepath.Join(t.TempDir(), "domainshift")
	// RUN's shell form is /bin/sh -c, with the ARG in the environment.
	cmd := exec.Command("/bin/sh", "-c", strings.ReplaceAll(build, "/out/domainshift", out))
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "VERSION=v9.8.7")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", build, err, b)
	}
	f, err := elf.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary needs a dynamic loader; the image has none for it")
		}
	}
	got, err := exec.Command(out, "version", "--short").Output()
	if err != nil {
		t.Fatal(err)
	}
	if string(bytes.TrimSpace(got)) != "v9.8.7" {
		t.Errorf("version --short = %q, want the VERSION the build was given", got)
	}
}

// TestGoReleaser: the release config builds the same static binary under
// the name the Dockerfile's release stage copies, and builds the image
// from that stage.
func TestGoReleaser(t *testing.T) {
	root := filepath.Join("..", "..")
	data, err := os.ReadFile(filepath.Join(root, ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Version int `yaml:"version"`
		Builds  []struct {
			Main    string   `yaml:"main"`
			Binary  string   `yaml:"binary"`
			Env     []string `yaml:"env"`
			Ldflags []string `yaml:"ldflags"`
		} `yaml:"builds"`
		Dockers []struct {
			Dockerfile string   `yaml:"dockerfile"`
			Flags      []string `yaml:"build_flag_templates"`
		} `yaml:"dockers"`
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Version != 2 || len(cfg.Builds) != 1 || len(cfg.Dockers) != 1 {
		t.Fatalf("config %+v", cfg)
	}
	b := cfg.Builds[0]
	if b.Main != "./cmd/domainshift" || b.Binary != "domainshift" || !slices.Contains(b.Env, "CGO_ENABLED=0") {
		t.Errorf("build %+v", b)
	}
	if !strings.Contains(strings.Join(b.Ldflags, " "), "-X main.buildVersion=") {
		t.Errorf("ldflags %q do not stamp the version", b.Ldflags)
	}
	d := cfg.Dockers[0]
	if d.Dockerfile != "Dockerfile" || !slices.Contains(d.Flags, "--target=release") {
		t.Errorf("docker %+v", d)
	}
}
