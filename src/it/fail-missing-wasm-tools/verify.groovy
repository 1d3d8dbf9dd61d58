def log = new File(basedir, "build.log").text
assert log.contains("wasm-tools was not found on PATH. Install it with `cargo install --locked wasm-tools@") : "build.log lacks: " + "wasm-tools was not found on PATH. Install it with `cargo install --locked wasm-tools@"
assert !new File(basedir, "target/fabricks/image.digest").exists()
return true
