def log = new File(basedir, "build.log").text
assert log.contains("fabricks.toml:5: [source] entrypoint `server.js` does not exist") : "build.log lacks: " + "fabricks.toml:5: [source] entrypoint `server.js` does not exist"
assert !new File(basedir, "target/fabricks/image.digest").exists()
return true
