def log = new File(basedir, "build.log").text
assert log.contains("cannot push blob") && log.contains(authRegistry + "/team/wrong")
assert log.contains("refused the credentials from POM <auth>") : log
assert !log.contains("Not-The-Right-0ne") : "the password never reaches the log"
assert !new File(basedir, "target/fabricks/push.json").exists()
return true
