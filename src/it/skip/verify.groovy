assert !new File(basedir, "target/fabricks").exists()
assert new File(basedir, "build.log").text.contains("Skipping Fabricks build (fabricks.skip=true)")
return true
