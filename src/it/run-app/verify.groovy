def log = new File(basedir, "build.log").text
def expect = { String text -> assert log.contains(text) : "build.log lacks: " + text }
// the equivalent host command line, printed before the run
expect("run " + new File(basedir, "target/fabricks/oci").path + " --mount /data=" + new File(basedir, "notes").path
    + " -- one 'two words' three")
// the app's output: its arguments, the granted variable, and not the other one
expect("args: one|two words|three")
expect("IT_GREETING: hello from the host")
expect("IT_SECRET: undefined")
assert !log.contains("must-not-be-seen")
return true
