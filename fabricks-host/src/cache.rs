//! Compiled components kept in the user cache, named by the digest the artifact states for the
//! layer and by the engine that compiled them. A runtime is compiled once per machine and engine:
//! every app built on it, and every edit of an app, reuses it.
//!
//! The folder does not grow without end: a file's modification time says when it was last used,
//! and after each compilation the files unused for 30 days go, then the least recently used ones
//! until the folder holds at most 4 GiB (`FABRICKS_HOST_CACHE_MAX_MB`); `--verbose` says what
//! went. A node runtime compiles to about 65 MB, so every rebuilt or upgraded runtime would
//! otherwise stay there for good.

use wasmtime::error::Context;
use wasmtime::Result;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};
use wasmtime::Engine;
use wasmtime::component::Component;

pub struct CompiledCache {
    /// `None`: compile every time.
    dir: Option<PathBuf>,
    engine_key: String,
    /// Say what the clean-up removed (`--verbose`).
    verbose: bool,
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

    pub fn new(engine: &Engine, dir: Option<PathBuf>, verbose: bool) -> CompiledCache {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut hasher);
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        CompiledCache { dir, engine_key: format!("{:016x}", hasher.finish()), verbose }
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
                    Ok(component) => {
                        mark_used(file);
                        return Ok((component, Loaded::Cached(start.elapsed())));
                    }
                    Err(_) => { let _ = std::fs::remove_file(file); } // damaged or foreign: compile again
                }
            }
        }
        let component = Component::new(engine, bytes()?).context("the component does not compile")?;
        if let Some(file) = &file {
            if let Err(e) = keep(file, &component) {
                eprintln!("fabricks-host: could not keep the compiled component in {}: {e:#}", file.display());
            }
            let limit = limit_from_env();
            match prune(file.parent().expect("cache files live in a folder"), file, limit, SystemTime::now()) {
                Ok(p) if p.files > 0 && self.verbose => eprintln!(
                    "fabricks-host: removed {} compiled file(s), {} MiB, from {} (unused for {} days, or beyond its limit of {} MiB: \
                     FABRICKS_HOST_CACHE_MAX_MB)",
                    p.files, p.bytes >> 20, file.parent().unwrap().display(), UNUSED_DAYS, limit >> 20),
                Ok(_) => {}
                Err(e) => eprintln!("fabricks-host: could not clean the compiled-code cache: {e:#}"),
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

const UNUSED_DAYS: u64 = 30;
const DEFAULT_LIMIT_MB: u64 = 4096;
/// Temporary files of a compilation that was killed before it could rename its file.
const STALE_TEMP: Duration = Duration::from_secs(3600);

/// The cache's size limit in bytes: `FABRICKS_HOST_CACHE_MAX_MB`, else 4 GiB.
fn limit_from_env() -> u64 {
    match std::env::var("FABRICKS_HOST_CACHE_MAX_MB") {
        Ok(v) => match v.trim().parse::<u64>() {
            Ok(mb) => mb << 20,
            Err(_) => {
                eprintln!("fabricks-host: FABRICKS_HOST_CACHE_MAX_MB={v:?} is not a number of MiB; using {DEFAULT_LIMIT_MB}");
                DEFAULT_LIMIT_MB << 20
            }
        },
        Err(_) => DEFAULT_LIMIT_MB << 20,
    }
}

/// Records that a cached file was used now (its modification time): what `prune` goes by.
fn mark_used(file: &Path) {
    if let Ok(f) = std::fs::File::options().append(true).open(file) {
        let _ = f.set_modified(SystemTime::now());
    }
}

#[derive(Debug, Default, PartialEq)]
pub struct Pruned {
    pub files: usize,
    pub bytes: u64,
}

/// Removes from `dir` the compiled files unused for `UNUSED_DAYS`, then the least recently used
/// ones until the rest fits in `limit` bytes, and stale temporary files. `keep` (the file just
/// written) always stays.
pub fn prune(dir: &Path, keep: &Path, limit: u64, now: SystemTime) -> Result<Pruned> {
    let mut files = Vec::new();
    let mut pruned = Pruned::default();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let meta = match entry.metadata() {
            Ok(m) if m.is_file() => m,
            _ => continue,
        };
        let path = entry.path();
        let age = now.duration_since(meta.modified()?).unwrap_or_default();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".compiling-") {
            if age > STALE_TEMP && std::fs::remove_file(&path).is_ok() {
                pruned.files += 1;
                pruned.bytes += meta.len();
            }
        } else if name.ends_with(".cwasm") && path != keep {
            files.push((age, meta.len(), path));
        }
    }
    let kept = std::fs::metadata(keep).map(|m| m.len()).unwrap_or(0);
    // Most recently used first: what is left beyond the limit, or too old, goes.
    files.sort_by_key(|(age, _, _)| *age);
    let mut total = kept;
    for (age, len, path) in files {
        if age.as_secs() < UNUSED_DAYS * 24 * 3600 && total + len <= limit {
            total += len;
        } else if std::fs::remove_file(&path).is_ok() {
            pruned.files += 1;
            pruned.bytes += len;
        }
    }
    Ok(pruned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(dir: &Path, name: &str, len: usize, days_ago: u64) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, vec![0u8; len]).unwrap();
        let f = std::fs::File::options().append(true).open(&path).unwrap();
        f.set_modified(SystemTime::now() - Duration::from_secs(days_ago * 24 * 3600)).unwrap();
        path
    }

    #[test]
    fn prune_removes_old_files_then_the_least_recently_used_beyond_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let new = file(d, "new.cwasm", 400, 0);
        let recent = file(d, "recent.cwasm", 300, 1);
        let older = file(d, "older.cwasm", 300, 2);
        let old = file(d, "old.cwasm", 10, 31);
        let temp = file(d, ".compiling-abc", 50, 1);
        let other = file(d, "notes.txt", 5, 400);
        let pruned = prune(d, &new, 900, SystemTime::now()).unwrap();
        assert_eq!(pruned, Pruned { files: 3, bytes: 360 });
        assert!(new.exists() && recent.exists() && other.exists());
        assert!(!older.exists(), "over the limit: 400 + 300 + 300 > 900");
        assert!(!old.exists(), "unused for 31 days");
        assert!(!temp.exists(), "a killed compilation's temporary file");
    }

    #[test]
    fn the_file_just_written_stays_even_beyond_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let new = file(dir.path(), "new.cwasm", 400, 0);
        assert_eq!(prune(dir.path(), &new, 100, SystemTime::now()).unwrap(), Pruned::default());
        assert!(new.exists());
    }

    #[test]
    fn a_use_renews_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let new = file(d, "new.cwasm", 1, 0);
        let used = file(d, "used.cwasm", 1, 40);
        mark_used(&used);
        assert_eq!(prune(d, &new, 1 << 20, SystemTime::now()).unwrap(), Pruned::default());
        assert!(used.exists());
    }
}
