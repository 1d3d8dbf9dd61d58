def log = new File(basedir, "build.log").text
def expect = { String text -> assert log.contains(text) : "build.log lacks: " + text }
expect("fabricks-host was not found at /nonexistent/fabricks-host (set by <host> or -Dfabricks.host)")
expect("scripts/setup")
return true
