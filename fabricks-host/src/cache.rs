//! Compiled components kept in the user cache, named by the digest the artifact states for the
//! layer and by the engine that compiled them. A runtime is compiled once per machine and engine:
//! every app built on it, and every edit of an app, reuses it.

use wasmtime::error::Context;
use wasmtime::Result;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use wasmtime::Engine;
use wasmtime::component::Component;

pub struct CompiledCache {
    /// `None`: compile every time.
    dir: Option<PathBuf>,
    engine_key: String,
}

/// How a component was obtained, for `--verbose`.
pub enum Loaded {
    Cached(Duration),
    Compiled(Duration),
}

impl CompiledCache {
    /// `$XDG_CACHE_HOME/fabricks/host/compiled`, else `~/.cache/fabricks/host/compiled`.
    pub fn default_dir() -> Option<PathBuf> {
        let base = std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()).map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
        Some(base.join("fabricks").join("host").join("compiled"))
    }

    pub fn new(engine: &Engine, dir: Option<PathBuf>) -> CompiledCache {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut hasher);
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        CompiledCache { dir, engine_key: format!("{:016x}", hasher.finish()) }
    }

    /// The component whose bytes have `digest`: from the cache, or compiled from `bytes()` and kept.
    pub fn load(&self, engine: &Engine, digest: &str, bytes: impl FnOnce() -> Result<Vec<u8>>) -> Result<(Component, Loaded)> {
        let start = Instant::now();
        let file = self.dir.as_ref().map(|d| d.join(format!("{}-{}.cwasm", digest.replace(':', "-"), self.engine_key)));
        if let Some(file) = &file {
            if file.is_file() {
                // SAFETY: the file was written by `Component::serialize` of an engine with the same
                // compatibility hash, into a cache folder of this user, and moved into place whole.
                match unsafe { Component::deserialize_file(engine, file) } {
                    Ok(component) => return Ok((component, Loaded::Cached(start.elapsed()))),
                    Err(_) => { let _ = std::fs::remove_file(file); } // damaged or foreign: compile again
                }
            }
        }
        let component = Component::new(engine, bytes()?).context("the component does not compile")?;
        if let Some(file) = &file {
            if let Err(e) = keep(file, &component) {
                eprintln!("fabricks-host: could not keep the compiled component in {}: {e:#}", file.display());
            }
        }
        Ok((component, Loaded::Compiled(start.elapsed())))
    }
}

/// Written to a temporary file beside the destination, then renamed: a reader never sees half a file.
fn keep(file: &PathBuf, component: &Component) -> Result<()> {
    let dir = file.parent().expect("cache files live in a folder");
    std::fs::create_dir_all(dir)?;
    let mut temp = tempfile::Builder::new().prefix(".compiling-").tempfile_in(dir)?;
    temp.write_all(&component.serialize()?)?;
    temp.as_file().sync_data()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    temp.persist(file)?;
    Ok(())
}
