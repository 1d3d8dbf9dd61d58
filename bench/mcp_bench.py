"""What bench/python-mcp and bench/node-mcp share: an MCP server example built with fabricks
against the same server built as one monolithic component.

A script describes its example with `Bench` and calls `Bench.main` with a
factory for its own Monolith (an object with `build()`, which returns the wall
time of a build, and `out`, the path of the component it builds). `main` then:

1. prints the machine and tool versions, and reads the layer sizes
   (application/vnd.fabricks.runtime.v1+wasm and
   application/vnd.fabricks.module.v1+wasm) of the example's OCI layout
   (target/fabricks/oci);
2. edit and rebuild: interleaves three builds, each after changing one comment
   line of the example's tools file (a new tag each time, so that fabricks
   really composes again, which is checked by the component's sha256):
   `./mvnw -B -o -f examples/<example>/pom.xml package`, whose log also gives
   the fabricks:build goal's own time (its `[INFO] Built <wasm> in <N> s`
   line); the same with MAVEN_OPTS=-XX:TieredStopAtLevel=1 appended to the
   environment's MAVEN_OPTS (the Maven JVM limited to the C1 compiler); and
   the monolith's build;
3. edit under `mvn fabricks:watch`: the watch goal runs in the background and
   each edit (one warm-up, then RUNS) is timed from writing the tools file to
   the goal's `Built` log line, composition checked as above; a phase of its
   own, because the watch would also rebuild on the other builds' edits; its
   ratio uses the monolith's median from step 2;
4. restores the tools file and rebuilds the example and the monolith from it
   (untimed);
5. time to first MCP reply under fabricks-host (the composed app imports wasi:http/types, which
   the wasmtime Python package cannot link): `fabricks-host run` is started, sent `initialize`,
   and timed until its reply line, for the composed app and the monolithic component each as a
   single .wasm, and for the app's OCI layout (its two layers linked at run time); the warm-up
   round fills the host's compiled-code cache; every reply is checked (protocolVersion
   2025-06-18, a serverInfo, its name when the Bench gives one, exit code 0, nothing on stderr
   from the host);
6. prints one table: the sizes, medians (min-max) of the times, and the
   ratios monolithic / fabricks.

Each comparison runs one warm-up round, then RUNS rounds in which every
command runs once, the one that goes first rotating from round to round. The
tools file is restored at the end, also on failure, Ctrl-C, SIGTERM or SIGHUP,
and the example is then rebuilt from it.
"""
import hashlib
import itertools
import json
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MVNW = os.path.join(ROOT, "mvnw")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import fabricks_host  # noqa: E402
RUNTIME_TYPE = "application/vnd.fabricks.runtime.v1+wasm"
MODULE_TYPE = "application/vnd.fabricks.module.v1+wasm"
WASI_PACKAGES = ("cli", "clocks", "filesystem", "io", "random", "sockets")
C1_OPTION = "-XX:TieredStopAtLevel=1"
REPLY_TIMEOUT = 120.0
# The last line of the fabricks:build goal (BuildMojo), e.g. "[INFO] Built /x/app.wasm in 0.44 s".
GOAL_LINE = re.compile(r"^\[INFO\] Built \S.* in (\d+(?:\.\d+)?) s$", re.MULTILINE)


def first_line(cmd):
    """The first line a command prints (stdout, else stderr), for version strings."""
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        return ((out.stdout or out.stderr).strip().splitlines() or ["?"])[0]
    except OSError:
        return "not found"


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def interleaved(runs, *measures):
    """One warm-up round, then `runs` rounds of every measure; round i starts with measure i mod n
    and goes on in order (a rotation). Each measure is called with the round (-1 for the warm-up);
    returns one list of its results per measure, the warm-up left out."""
    for measure in measures:
        measure(-1)
    results = [[] for _ in measures]
    for i in range(runs):
        for k in range(len(measures)):
            j = (i + k) % len(measures)
            results[j].append(measures[j](i))
    return results


def sec(times):
    return f"{statistics.median(times):.2f} s ({min(times):.2f}-{max(times):.2f})"


def ratio(mono, fab):
    return f"{statistics.median(mono) / statistics.median(fab):.2f}x"


def size(n):
    for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} B"


def print_table(rows):
    header = ("case", "fabricks", "monolithic", "monolithic / fabricks")
    widths = [max(len(r[c]) for r in rows + [header]) for c in range(4)]
    line = lambda r: "| " + " | ".join(v.ljust(w) for v, w in zip(r, widths)) + " |"
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))


class Bench:
    """One MCP server example: where it is, which file an edit changes, what its reply must name."""

    def __init__(self, name, example, runtime, tools, comment, server_name=None):
        self.name = name                # "bench/python-mcp": messages, the edit's mark, clientInfo
        self.example = os.path.join(ROOT, "examples", example)
        self.runtime = runtime          # "runtimes/python": named when something is not built
        self.tools = os.path.join(self.example, tools)
        self.comment = comment          # the tools file's comment prefix: "# " or "// "
        self.server_name = server_name  # serverInfo.name the reply must hold, None for any
        self.oci = os.path.join(self.example, "target", "fabricks", "oci")
        self.app_wasm = os.path.join(self.example, "target", "fabricks", example + ".wasm")
        self.mvn = [MVNW, "-B", "-o", "-f", os.path.join(self.example, "pom.xml"), "package"]
        self.mark = f"{name} edit"

    def fail(self, message):
        sys.exit(f"{self.name}: {message}")

    def machine(self, monolith_tool):
        with open("/proc/meminfo") as f:
            kib = int(next(line.split()[1] for line in f if line.startswith("MemTotal:")))
        wasm_tools = shutil.which("wasm-tools") or os.path.expanduser("~/.cargo/bin/wasm-tools")
        print(f"machine: {os.cpu_count()} cores (nproc {first_line(['nproc'])}), {kib / 1048576:.1f} GiB memory, "
              f"{first_line(['uname', '-srm'])}")
        print(f"tools: {first_line(['java', '-version'])}; {first_line([MVNW, '-v'])}; "
              f"{first_line([wasm_tools, '--version'])}; {monolith_tool}; "
              f"{first_line([fabricks_host.executable(), '--version'])}; Python {sys.version.split()[0]}")

    def oci_layers(self):
        """{media type: size} of the layers of the layout's (only) manifest."""
        with open(os.path.join(self.oci, "index.json")) as f:
            index = json.load(f)
        blob = lambda digest: os.path.join(self.oci, "blobs", *digest.split(":", 1))
        with open(blob(index["manifests"][0]["digest"])) as f:
            manifest = json.load(f)
        layers = {}
        for layer in manifest["layers"]:
            path = blob(layer["digest"])
            if os.path.getsize(path) != layer["size"]:
                self.fail(f"{path}: {os.path.getsize(path)} bytes, the manifest says {layer['size']}")
            layers[layer["mediaType"]] = layer["size"]
        return layers

    def edited(self, original, tag):
        """The tools file with one line changed: its first comment line gets a suffix."""
        lines = original.splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line.startswith(self.comment):
                lines[i] = line.rstrip("\n") + f"  ({self.mark} {tag})\n"
                return "".join(lines)
        self.fail(f"{self.tools} has no comment line to edit")

    def fabricks_build(self, maven_opts=None):
        """Runs mvn package (with MAVEN_OPTS replaced when given); (wall seconds, the goal's own seconds)."""
        env = os.environ if maven_opts is None else dict(os.environ, MAVEN_OPTS=maven_opts)
        start = time.perf_counter()
        out = subprocess.run(self.mvn, cwd=ROOT, capture_output=True, text=True, env=env)
        wall = time.perf_counter() - start
        if out.returncode != 0:
            self.fail("mvn package failed:\n" + (out.stdout + out.stderr)[-3000:])
        goal = GOAL_LINE.findall(out.stdout)
        if not goal:
            self.fail("mvn package logged no `[INFO] Built <wasm> in <N> s` line: the installed "
                      "fabricks-maven-plugin predates this benchmark (./mvnw install)\n" + out.stdout[-3000:])
        return wall, float(goal[-1])

    def watch_edits(self, original, tags, runs):
        """`mvn fabricks:watch` in the background (its default 200 ms polling): one warm-up edit,
        then `runs` edits, each timed from writing the tools file to the goal's `Built` line;
        checks that every edit was composed again."""
        cmd = [MVNW, "-B", "-o", "-f", os.path.join(self.example, "pom.xml"), "fabricks:watch"]
        # A session of its own: the wrapper script and the JVM it starts are stopped together.
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                bufsize=1, start_new_session=True)
        lines = queue.Queue()

        def read():
            for line in proc.stdout:
                lines.put(line.rstrip("\n"))
            lines.put(None)
        threading.Thread(target=read, daemon=True).start()

        def await_built():
            seen = []
            while True:
                try:
                    line = lines.get(timeout=REPLY_TIMEOUT)
                except queue.Empty:
                    line = None
                if line is None:
                    self.fail("mvn fabricks:watch ended or went quiet:\n" + "\n".join(seen[-40:]))
                seen.append(line)
                if line.startswith("[ERROR]"):
                    self.fail("mvn fabricks:watch reported an error:\n" + "\n".join(seen[-40:]))
                if GOAL_LINE.match(line):
                    return time.perf_counter(), seen

        try:
            await_built()  # the build the goal starts with
            times = []
            for i in range(runs + 1):
                time.sleep(0.3)  # the watch is idle again, polling
                before = sha256(self.app_wasm)
                write(self.tools, self.edited(original, next(tags)))
                start = time.perf_counter()
                end, seen = await_built()
                if not any("composed and validated" in line for line in seen) or sha256(self.app_wasm) == before:
                    self.fail("mvn fabricks:watch did not compose the edited source again:\n" + "\n".join(seen))
                if i > 0:
                    times.append(end - start)
            return times
        finally:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

    def first_reply(self, target):
        """Seconds from starting `fabricks-host run target` to the reply line of `initialize`;
        checks the reply."""
        start = time.perf_counter()
        proc = subprocess.Popen([fabricks_host.executable(), "run", target], cwd=self.example, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
        lines, errors = queue.Queue(), []
        threading.Thread(target=lambda: lines.put(proc.stdout.readline()), daemon=True).start()
        stderr_reader = threading.Thread(target=lambda: errors.append(proc.stderr.read()), daemon=True)
        stderr_reader.start()
        try:
            proc.stdin.write(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
                "protocolVersion": "2025-06-18", "capabilities": {},
                "clientInfo": {"name": self.name, "version": "1.0"}}}) + "\n")
            proc.stdin.flush()
            try:
                line = lines.get(timeout=REPLY_TIMEOUT)
            except queue.Empty:
                line = ""
            wall = time.perf_counter() - start
            proc.stdin.close()
            code = proc.wait(timeout=REPLY_TIMEOUT)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        stderr_reader.join(timeout=5)
        stderr = "".join(errors)
        try:
            result = json.loads(line).get("result") or {}
        except ValueError:
            result = {}
        server = result.get("serverInfo") or {}
        if (result.get("protocolVersion") != "2025-06-18" or not server or code != 0
                or (self.server_name is not None and server.get("name") != self.server_name)):
            self.fail(f"{target}: a wrong answer to initialize: {line!r}, exit {code}, stderr {stderr[-2000:]!r}")
        # A line of the host (e.g. "could not keep the compiled component") means the timed start
        # did not use its cache.
        if "fabricks-host:" in stderr:
            self.fail(f"{target}: {stderr[-2000:]!r}")
        return wall

    def main(self, make_monolith, required, monolith_tool, monolith_build):
        """The whole benchmark (see the module's docstring), RUNS from sys.argv.

        make_monolith: called once, inside the restoring `try`, returns the Monolith;
        required: paths besides the example's build that must exist;
        monolith_tool: called once they do, returns the monolith's tool and version for the tools line;
        monolith_build: what the monolith's build does, for the header."""
        try:
            self._main(make_monolith, required, monolith_tool, monolith_build)
        except KeyboardInterrupt:
            self.fail("interrupted")

    def _main(self, make_monolith, required, monolith_tool, monolith_build):
        runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
        if runs < 1:
            self.fail("RUNS must be at least 1")
        for path in [self.app_wasm, os.path.join(self.oci, "index.json")] + required:
            if not os.path.exists(path):
                self.fail(f"{path} not found: build {self.runtime} and "
                          f"{os.path.relpath(self.example, ROOT)} first")
        tools_rel = os.path.relpath(self.tools, ROOT)
        with open(self.tools, encoding="utf-8") as f:
            original = f.read()
        if self.mark in original:
            self.fail(f"{self.tools} still holds an edit of an interrupted run: `git checkout` it first")
        # Ctrl-C, SIGTERM and SIGHUP all reach the `finally` that restores the tools file.
        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.default_int_handler)

        began = time.perf_counter()
        self.machine(monolith_tool())
        layers = self.oci_layers()
        if RUNTIME_TYPE not in layers or MODULE_TYPE not in layers:
            self.fail(f"{self.oci}: no {RUNTIME_TYPE} or {MODULE_TYPE} layer")
        env_opts = os.environ.get("MAVEN_OPTS", "").strip()
        c1_opts = f"{env_opts} {C1_OPTION}".strip()

        restored = False
        try:
            mono = make_monolith()
            tags = itertools.count()  # every edit differs from all before it, so each build recomposes

            def fabricks_edit(maven_opts):
                def measure(_round):
                    write(self.tools, self.edited(original, next(tags)))
                    before = sha256(self.app_wasm)
                    times = self.fabricks_build(maven_opts)
                    if sha256(self.app_wasm) == before:
                        self.fail("mvn package did not compose the edited source again")
                    return times
                return measure

            def monolithic_edit(_round):
                write(self.tools, self.edited(original, next(tags)))
                return mono.build()

            print(f"edit and rebuild: 1 warm-up + {runs} rounds of 3 builds ...", flush=True)
            fab, fab_c1, t_mono_build = interleaved(runs, fabricks_edit(None), fabricks_edit(c1_opts),
                                                    monolithic_edit)

            # Not interleaved with the others: the watch would rebuild on their edits too.
            print(f"edit under mvn fabricks:watch: 1 warm-up + {runs} edits ...", flush=True)
            t_watch = self.watch_edits(original, tags, runs)

            write(self.tools, original)
            restored = True
            print(f"rebuilding both from the restored {os.path.basename(self.tools)} (untimed) ...", flush=True)
            self.fabricks_build()
            mono.build()
            if self.oci_layers() != layers:
                print("note: the restored build's layers differ in size from the ones before the run")

            # The warm-up round runs each once, filling the host's cache.
            print(f"first MCP reply: 1 warm-up + {runs} rounds of 3 starts ...", flush=True)
            t_fab_wasm, t_mono, t_fab_layers = interleaved(
                runs, *(lambda _round, target=target: self.first_reply(target)
                        for target in (self.app_wasm, mono.out, self.oci)))
            mono_size = os.path.getsize(mono.out)
        finally:
            if not restored:
                write(self.tools, original)
                print(f"{self.name}: restored {tools_rel}; rebuilding the example from it", file=sys.stderr)
                # Untimed, and not interruptible by a second signal, so that target/ matches the source again.
                for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                    signal.signal(sig, signal.SIG_IGN)
                if subprocess.run(self.mvn, cwd=ROOT, capture_output=True).returncode != 0:
                    print(f"{self.name}: that rebuild failed: run "
                          f"./mvnw -f {os.path.relpath(self.example, ROOT)}/pom.xml package", file=sys.stderr)

        t_fab_build = [wall for wall, _ in fab]
        t_goal = [goal for _, goal in fab]
        t_fab_c1 = [wall for wall, _ in fab_c1]
        rt, mod, app = layers[RUNTIME_TYPE], layers[MODULE_TYPE], os.path.getsize(self.app_wasm)
        rows = [
            ("runtime layer (runtime.v1+wasm, shared)", size(rt), "-", "-"),
            ("module layer (module.v1+wasm, per app)", size(mod), "-", "-"),
            ("bytes to ship after an edit", size(mod) + " (module layer)", size(mono_size) + " (component)",
             f"{mono_size / mod:.0f}x"),
            ("whole runnable component", size(app) + " (composed)", size(mono_size), f"{mono_size / app:.2f}x"),
            ("edit one line, rebuild: mvn package", sec(t_fab_build), sec(t_mono_build),
             ratio(t_mono_build, t_fab_build)),
            (f"edit one line, rebuild: mvn package, MAVEN_OPTS={c1_opts}", sec(t_fab_c1), sec(t_mono_build),
             ratio(t_mono_build, t_fab_c1)),
            ("edit one line: the fabricks:build goal alone (its log)", sec(t_goal), sec(t_mono_build),
             ratio(t_mono_build, t_goal)),
            ("edit one line: `mvn fabricks:watch` rebuilds (edit to `Built` line)", sec(t_watch),
             sec(t_mono_build), ratio(t_mono_build, t_watch)),
            ("first MCP reply, fabricks-host, one .wasm each", sec(t_fab_wasm), sec(t_mono),
             ratio(t_mono, t_fab_wasm)),
            ("first MCP reply, fabricks-host: the app's layers linked / the monolith", sec(t_fab_layers), sec(t_mono),
             ratio(t_mono, t_fab_layers)),
        ]
        print()
        print(f"runs: {runs} rounds after a warm-up round, each command once a round, the first one rotating; "
              f"median (min-max) wall time; total {time.perf_counter() - began:.0f} s")
        print(f"fabricks: `mvnw -B -o package` (JVM start included), the goal alone from its "
              f"`Built ... in N s` log line; monolithic: {monolith_build}")
        print("watch: `mvnw -B -o fabricks:watch` running, each edit timed until the goal logs `Built`; a phase "
              "of its own after the interleaved builds, against the monolith's median from those")
        if env_opts:
            print(f"MAVEN_OPTS from the environment, in the mvn rows: {env_opts}")
        print("first MCP reply: `scripts/run-component.py <wasm>` started, sent `initialize`, "
              "timed until its reply line; both caches warm")
        print()
        print_table(rows)
