// `mvn fabricks:watch` builds once, then rebuilds on each change: an edited data file gives a new
// component; a broken fabricks.toml is reported without stopping the watch or losing the last
// good component. Three builds, then the goal returns (-Dfabricks.watch.builds=3).
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

def component = new File(basedir, "target/fabricks/watch.wasm")
def run = {
  def proc = ["python3", runComponent, component.path].execute()
  def stdout = new StringBuilder(), stderr = new StringBuilder()
  proc.waitForProcessOutput(stdout, stderr)
  assert proc.exitValue() == 0 : stderr
  stdout.toString()
}

def mvn = new File(System.getProperty("maven.home"), "bin/mvn").path
def watch = new ProcessBuilder(mvn, "-B", "fabricks:watch", "-Dfabricks.watch.builds=3", "-Dfabricks.watch.interval=50",
    "-Dmaven.repo.local=" + localRepositoryPath).directory(basedir).redirectErrorStream(true).start()
def lines = new LinkedBlockingQueue<String>()
def log = new File(basedir, "watch.log")
Thread.start {
  watch.inputStream.eachLine { line -> log << line + "\n"; lines.put(line) }
  lines.put("<end>")
}
// Reads the watch's output up to a line containing `marker`; returns the lines read.
def awaitLine = { String marker ->
  def seen = []
  while (true) {
    def line = lines.poll(120, TimeUnit.SECONDS)
    assert line != null : "no `${marker}` within 120 s; the watch printed:\n" + seen.join("\n")
    assert line != "<end>" : "the watch ended before `${marker}`:\n" + seen.join("\n")
    seen << line
    if (line.contains(marker)) return seen
  }
}

// Edits land whole (a temporary file moved into place), as editors save them: a file caught
// half-written would be a change of its own.
def save = { File file, String text ->
  def temp = new File(basedir, "target/" + file.name + ".saving") // outside the packed files
  temp.text = text
  java.nio.file.Files.move(temp.toPath(), file.toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
      java.nio.file.StandardCopyOption.ATOMIC_MOVE)
}

try {
  def first = awaitLine("Watching ")
  assert first.any { it.contains("Built " + component.path) } : first.join("\n")
  assert run() == "hello from /app/main.js\n"

  save(new File(basedir, "data/greeting.txt"), "changed\n")
  def second = awaitLine("Watching ")
  assert second.any { it.contains("composed and validated watch.wasm") } : second.join("\n")
  assert run() == "changed from /app/main.js\n"

  def toml = new File(basedir, "fabricks.toml")
  save(toml, toml.text.replace("entrypoint", "entrypont"))
  def third = awaitLine("BUILD SUCCESS")
  assert third.any { it.contains("[ERROR]") && it.contains("unknown key `entrypont` in [source]; did you mean `entrypoint`?") } : third.join("\n")
  assert watch.waitFor(60, TimeUnit.SECONDS)
  assert watch.exitValue() == 0
  assert run() == "changed from /app/main.js\n" : "a failed rebuild keeps the last good component"
} finally {
  watch.destroyForcibly()
}
return true
