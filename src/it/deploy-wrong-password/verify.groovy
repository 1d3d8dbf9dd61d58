def log = new File(basedir, "build.log").text
assert log.contains("cannot push blob") && log.contains(authRegistry + "/team/wrong")
assert log.contains("refused the credentials from POM <auth>") : log
assert !log.contains("Not-The-Right-0ne") : "the password never reaches the log"
assert !new File(basedir, "target/fabricks/push.json").exists()
new File(basedir, "target").eachFileRecurse(groovy.io.FileType.FILES) { f ->
  assert !new String(f.bytes, "ISO-8859-1").contains("Not-The-Right-0ne") : "secret found in " + f
}
return true
