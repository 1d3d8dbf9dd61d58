//! `[[capabilities.filesystem]]` and the folders every run gets: the declared mounts bound to host
//! folders named at run time, the app's own files read-only at `/app`, and a private `/tmp`.
//! Paths inside a preopen are resolved beneath it by the WASI implementation (cap-std): neither
//! `..` nor a symbolic link leads out of it.

use crate::policy::{Policy, normalize_guest};
use wasmtime::error::Context;
use wasmtime::{Result, bail};
use std::path::{Component, Path, PathBuf};

/// A host folder bound to a guest path.
#[derive(Debug, Clone)]
pub struct Preopen {
    pub host: PathBuf,
    pub guest: String,
    pub writable: bool,
}

/// Guest paths the host itself provides.
pub const APP_DIR: &str = "/app";
pub const TMP_DIR: &str = "/tmp";

/// Turns `--mount GUEST=HOST` flags into preopens, refusing what the artifact does not declare.
pub fn resolve_mounts(policy: &Policy, flags: &[String]) -> Result<Vec<Preopen>> {
    let mut preopens: Vec<Preopen> = Vec::new();
    for flag in flags {
        let Some((guest, host)) = flag.split_once('=') else {
            bail!("--mount {flag}: expected GUEST=HOST, e.g. --mount /data=./notes");
        };
        let guest = normalize_guest(guest);
        let Some(decl) = policy.mount(&guest) else {
            let declared: Vec<&str> = policy.mounts.iter().map(|m| m.guest.as_str()).collect();
            bail!("--mount {flag}: the app does not declare {guest} (declared: {}). Grant it with \
                   [[capabilities.filesystem]] path = \"{guest}\" and mode = \"ro\" or \"rw\" in fabricks.toml",
                if declared.is_empty() { "none".to_string() } else { declared.join(", ") });
        };
        if preopens.iter().any(|p| p.guest == guest) {
            bail!("--mount {flag}: {guest} is mounted twice");
        }
        let host_path = std::fs::canonicalize(host)
            .with_context(|| format!("--mount {flag}: the host folder {host} does not exist"))?;
        if !host_path.is_dir() {
            bail!("--mount {flag}: {host} is not a folder");
        }
        preopens.push(Preopen { host: host_path, guest, writable: decl.writable });
    }
    for decl in &policy.mounts {
        if decl.guest == APP_DIR || decl.guest == TMP_DIR {
            bail!("the app declares a mount at {}, which the host provides itself: choose another guest path", decl.guest);
        }
    }
    Ok(preopens)
}

/// Declared mounts that no flag binds: the app sees no such folder.
pub fn unbound<'a>(policy: &'a Policy, preopens: &[Preopen]) -> Vec<&'a str> {
    policy.mounts.iter().filter(|m| !preopens.iter().any(|p| p.guest == m.guest)).map(|m| m.guest.as_str()).collect()
}

/// A source layer path as a relative host path, refusing anything that could leave the folder.
pub fn safe_relative(path: &str) -> Result<PathBuf> {
    let relative = Path::new(path);
    if path.is_empty() || path.contains('\\') || path.contains('\0')
        || path.split('/').any(|segment| matches!(segment, "" | "." | ".."))
        || !relative.components().all(|c| matches!(c, Component::Normal(_)))
    {
        bail!("the source layer holds the path `{path}`, which is not a plain relative path");
    }
    Ok(relative.to_path_buf())
}

/// Writes the app's files into `dir` once: into a temporary folder beside it, then renamed, so
/// a run never sees half a tree. Files and folders are read-only on the host too.
pub fn materialize(dir: &Path, files: Vec<(String, Vec<u8>)>) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let parent = dir.parent().expect("the app folder has a parent");
    std::fs::create_dir_all(parent)?;
    let temp = tempfile::Builder::new().prefix(".unpacking-").tempdir_in(parent)?;
    for (path, bytes) in files {
        let target = temp.path().join(safe_relative(&path)?);
        std::fs::create_dir_all(target.parent().expect("a file has a parent"))?;
        std::fs::write(&target, bytes)?;
    }
    let temp = temp.keep();
    set_read_only(&temp)?;
    match std::fs::rename(&temp, dir) {
        Ok(()) => Ok(()),
        Err(_) if dir.is_dir() => { let _ = make_writable_and_remove(&temp); Ok(()) } // another run was first
        Err(e) => Err(e).with_context(|| format!("could not move the app's files into {}", dir.display())),
    }
}

#[cfg(unix)]
fn set_read_only(root: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    for entry in walk(root)? {
        let mode = if entry.is_dir() { 0o555 } else { 0o444 };
        std::fs::set_permissions(&entry, std::fs::Permissions::from_mode(mode))?;
    }
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o555))?;
    Ok(())
}

#[cfg(unix)]
fn make_writable_and_remove(root: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755))?;
    for entry in walk(root)? {
        if entry.is_dir() {
            std::fs::set_permissions(&entry, std::fs::Permissions::from_mode(0o755))?;
        }
    }
    std::fs::remove_dir_all(root)?;
    Ok(())
}

/// Every path below `root` (not `root` itself), parents before children.
fn walk(root: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path.clone());
            }
            out.push(path);
        }
    }
    Ok(out)
}

/// Bytes under `root`, for the `/tmp` limit.
pub fn usage(root: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                total += meta.len();
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn policy() -> Policy {
        Policy::from_json(&json!({"filesystem": [{"path": "/data", "mode": "rw"}, {"path": "/ref"}]})).unwrap()
    }

    #[test]
    fn declared_mounts_bind_with_their_mode() {
        let dir = tempfile::tempdir().unwrap();
        let flag = format!("/data/={}", dir.path().display());
        let preopens = resolve_mounts(&policy(), &[flag]).unwrap();
        assert_eq!(preopens.len(), 1);
        assert!(preopens[0].writable);
        assert_eq!(preopens[0].guest, "/data");
        assert_eq!(unbound(&policy(), &preopens), vec!["/ref"]);
    }

    #[test]
    fn undeclared_missing_and_malformed_mounts_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = resolve_mounts(&policy(), &[format!("/etc={}", dir.path().display())]).unwrap_err().to_string();
        assert!(err.contains("does not declare /etc") && err.contains("[[capabilities.filesystem]]"), "{err}");
        assert!(resolve_mounts(&policy(), &["/data=/no/such/folder".into()]).is_err());
        assert!(resolve_mounts(&policy(), &["/data".into()]).is_err());
    }

    #[test]
    fn source_paths_cannot_leave_the_folder() {
        assert!(safe_relative("a/b.py").is_ok());
        for bad in ["../x", "/etc/passwd", "a/../../x", "", "a/./b", "a\\b"] {
            assert!(safe_relative(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn materialized_files_are_read_only_and_complete() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("app");
        materialize(&dir, vec![("main.py".into(), b"print(1)".to_vec()), ("pkg/a.py".into(), b"x".to_vec())]).unwrap();
        assert_eq!(std::fs::read(dir.join("pkg/a.py")).unwrap(), b"x");
        assert!(std::fs::metadata(dir.join("main.py")).unwrap().permissions().readonly());
        assert!(materialize(&root.path().join("bad"), vec![("../x".into(), vec![])]).is_err());
        assert!(!root.path().join("x").exists());
        make_writable_and_remove(&dir).unwrap();
    }
}
