def log = new File(basedir, "build.log").text
assert log.contains("fabricks.toml:5: invalid TOML") : "build.log lacks: " + "fabricks.toml:4: invalid TOML"
assert !new File(basedir, "target/fabricks/image.digest").exists()
return true
