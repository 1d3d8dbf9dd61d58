def log = new File(basedir, "build.log").text
assert log.contains("fabricks.toml:2: invalid image reference `Fabricks.dev/Runtimes/Python:3.12` in [from] image") : "build.log lacks: " + "fabricks.toml:2: invalid image reference `Fabricks.dev/Runtimes/Python:3.12` in [from] image"
assert !new File(basedir, "target/fabricks/image.digest").exists()
return true
