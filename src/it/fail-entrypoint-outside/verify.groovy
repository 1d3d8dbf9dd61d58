def log = new File(basedir, "build.log").text
assert log.contains("fabricks.toml:6: [source] entrypoint `../main.js` lies outside the source path `data`") : "build.log lacks: " + "fabricks.toml:6: [source] entrypoint `../main.js` lies outside the source path `data`"
assert !new File(basedir, "target/fabricks/image.digest").exists()
return true
