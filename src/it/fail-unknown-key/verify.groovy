def log = new File(basedir, "build.log").text
assert log.contains("fabricks.toml:5: unknown key `entrypont` in [source]; did you mean `entrypoint`?") : "build.log lacks: " + "fabricks.toml:5: unknown key `entrypont` in [source]; did you mean `entrypoint`?"
assert !new File(basedir, "target/fabricks/image.digest").exists()
return true
