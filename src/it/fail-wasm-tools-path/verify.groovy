def log = new File(basedir, "build.log").text
assert log.contains("wasm-tools was not found at /nonexistent/wasm-tools") : "build.log lacks: " + "wasm-tools was not found at /nonexistent/wasm-tools"
assert log.contains("-Dfabricks.wasmTools") : "build.log lacks: " + "-Dfabricks.wasmTools"
assert !new File(basedir, "target/fabricks/image.digest").exists()
return true
