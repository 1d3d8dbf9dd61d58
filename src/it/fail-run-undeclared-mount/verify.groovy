def log = new File(basedir, "build.log").text
def expect = { String text -> assert log.contains(text) : "build.log lacks: " + text }
expect("--mount /etc=/etc: the app does not declare /etc (declared: none). Grant it with [[capabilities.filesystem]] path = \"/etc\"")
expect("the app exited with status 2")
return true
