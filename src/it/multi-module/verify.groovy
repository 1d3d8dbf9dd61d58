def a = new File(basedir, "app-a/target/fabricks/image.digest").text.trim()
def b = new File(basedir, "app-b/target/fabricks/image.digest").text.trim()
assert a != b
assert !new File(basedir, "target/fabricks").exists() : "the parent has no fabricks.toml and is skipped"
for (name in ["app-a", "app-b"]) {
  def proc = ["python3", runComponent, new File(basedir, name + "/target/fabricks/" + name + ".wasm").path].execute()
  def stdout = new StringBuilder(), stderr = new StringBuilder()
  proc.waitForProcessOutput(stdout, stderr)
  assert proc.exitValue() == 0 : stderr
  assert stdout.toString().startsWith("hello " + name.substring(4).toUpperCase() + " from") : stdout
}
return true
