//! One denial line for file operations that the WASI implementation refuses: writing under a
//! read-only folder (`/app`, or a mount declared `mode = "ro"`), and paths that lead out of their
//! folder (`..`, symbolic links). It wraps wasmtime-wasi's own `open-at` and the calls that change
//! a folder (`create-directory-at`, `unlink-file-at`, `remove-directory-at`, `rename-at`), which
//! have no hook. A write refused in a read-only folder fails with `read-only` (EROFS), as on a
//! read-only mount natively, where wasmtime-wasi says `not-permitted`.

use crate::denial;
use crate::state::HostState;
use wasmtime::component::{Linker, Resource};
use wasmtime_wasi::filesystem::WasiFilesystemCtxView;
use wasmtime_wasi::p2::bindings::filesystem::types::{self, Descriptor, DescriptorFlags, ErrorCode, HostDescriptor, OpenFlags, PathFlags};

/// The name wasmtime-wasi 48.0.8 defines the interface under.
const TYPES: &str = "wasi:filesystem/types@0.2.12";

type OpenArgs = (Resource<Descriptor>, PathFlags, String, OpenFlags, DescriptorFlags);

/// Replaces `[method]descriptor.open-at` with one that reports refusals; call after adding WASI.
pub fn add_to_linker(linker: &mut Linker<HostState>) -> wasmtime::Result<()> {
    linker.allow_shadowing(true);
    linker.instance(TYPES)?.func_wrap_async("[method]descriptor.open-at", |mut store, (fd, path_flags, path, oflags, flags): OpenArgs| {
        Box::new(async move {
            let state = store.data_mut();
            let mut view = WasiFilesystemCtxView { ctx: state.wasi.filesystem(), table: &mut state.table };
            let writes = flags.contains(DescriptorFlags::WRITE) || flags.contains(DescriptorFlags::MUTATE_DIRECTORY)
                || oflags.contains(OpenFlags::CREATE) || oflags.contains(OpenFlags::TRUNCATE);
            match HostDescriptor::open_at(&mut view, fd, path_flags, path.clone(), oflags, flags).await {
                Ok(opened) => Ok((Ok(opened),)),
                Err(error) => {
                    let code = types::Host::convert_error_code(&mut view, error)?;
                    Ok((Err(report(&path, writes, code)),))
                }
            }
        })
    })?;
    macro_rules! changes_a_folder {
        ($name:literal, $method:ident) => {
            linker.instance(TYPES)?.func_wrap_async($name, |mut store, (fd, path): (Resource<Descriptor>, String)| {
                Box::new(async move {
                    let state = store.data_mut();
                    let mut view = WasiFilesystemCtxView { ctx: state.wasi.filesystem(), table: &mut state.table };
                    match HostDescriptor::$method(&mut view, fd, path.clone()).await {
                        Ok(()) => Ok((Ok(()),)),
                        Err(error) => {
                            let code = types::Host::convert_error_code(&mut view, error)?;
                            Ok((Err(report(&path, true, code)),))
                        }
                    }
                })
            })?;
        };
    }
    changes_a_folder!("[method]descriptor.create-directory-at", create_directory_at);
    changes_a_folder!("[method]descriptor.unlink-file-at", unlink_file_at);
    changes_a_folder!("[method]descriptor.remove-directory-at", remove_directory_at);
    type RenameArgs = (Resource<Descriptor>, String, Resource<Descriptor>, String);
    linker.instance(TYPES)?.func_wrap_async("[method]descriptor.rename-at", |mut store, (fd, old, new_fd, new): RenameArgs| {
        Box::new(async move {
            let state = store.data_mut();
            let mut view = WasiFilesystemCtxView { ctx: state.wasi.filesystem(), table: &mut state.table };
            match HostDescriptor::rename_at(&mut view, fd, old.clone(), new_fd, new.clone()).await {
                Ok(()) => Ok((Ok(()),)),
                Err(error) => {
                    let code = types::Host::convert_error_code(&mut view, error)?;
                    let path = if old.split('/').any(|s| s == "..") { old } else { new };
                    Ok((Err(report(&path, true, code)),))
                }
            }
        })
    })?;
    linker.allow_shadowing(false);
    Ok(())
}

/// Reports a refusal and returns the error the program gets: a write under a read-only folder
/// fails as on a read-only file system (EROFS), as `python`/`node` see it on such a mount.
fn report(path: &str, writes: bool, code: ErrorCode) -> ErrorCode {
    let leaves = path.starts_with('/') || path.split('/').any(|s| s == "..");
    match code {
        ErrorCode::NotPermitted | ErrorCode::ReadOnly | ErrorCode::Access if writes && !leaves => {
            denial::report(
                &format!("write to `{path}` in a read-only folder (/app, or a mount with mode = \"ro\")"),
                "a [[capabilities.filesystem]] entry with mode = \"rw\" grants writes to its folder");
            ErrorCode::ReadOnly
        }
        ErrorCode::NotPermitted | ErrorCode::Access if leaves || !writes => {
            denial::report(
                &format!("open `{path}`, which leads out of its folder (.. or a symbolic link)"),
                "only the folders bound to [[capabilities.filesystem]] paths, /app and /tmp are visible");
            code
        }
        _ => code,
    }
}
