//! Reading what to run: an app's OCI image layout (as `mvn package` writes it under
//! `target/fabricks/oci`), a layout and a tag, or a plain component file.

use crate::policy::Policy;
use wasmtime::error::Context;
use wasmtime::{Result, bail, format_err as anyhow};
use serde::Deserialize;
use sha2::{Digest as _, Sha256};
use std::fs;
use std::path::{Path, PathBuf};

pub const RUNTIME_LAYER: &str = "application/vnd.fabricks.runtime.v1+wasm";
pub const MODULE_LAYER: &str = "application/vnd.fabricks.module.v1+wasm";
pub const APP_CONFIG: &str = "application/vnd.fabricks.config.v1+json";
const REF_NAME: &str = "org.opencontainers.image.ref.name";

/// A blob of the layout: where it is and what it must hash to.
#[derive(Debug, Clone)]
pub struct Blob {
    pub path: PathBuf,
    /// `sha256:<hex>`.
    pub digest: String,
}

/// What `run` and `serve` start.
#[derive(Debug)]
pub enum App {
    /// A Fabricks artifact: runtime and source layer, linked at run time, under the artifact's policy.
    Layered(Layered),
    /// A single component with nothing granted: the artifact's policy is not known.
    Component { path: PathBuf },
}

#[derive(Debug)]
pub struct Layered {
    pub name: String,
    pub version: String,
    /// e.g. `python:3.14`.
    pub runtime_name: String,
    pub entrypoint: String,
    pub policy: Policy,
    pub runtime: Blob,
    pub module: Blob,
    /// The layout the app was read from, and its manifest's digest (what a signature names).
    pub layout: PathBuf,
    pub manifest_digest: String,
}

#[derive(Deserialize)]
struct Index {
    manifests: Vec<Descriptor>,
}

#[derive(Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Descriptor {
    pub media_type: Option<String>,
    pub digest: String,
    pub size: u64,
    #[serde(default)]
    pub annotations: std::collections::BTreeMap<String, String>,
}

#[derive(Deserialize)]
pub struct Manifest {
    config: Descriptor,
    pub layers: Vec<Descriptor>,
    #[serde(default)]
    annotations: std::collections::BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct Config {
    entrypoint: String,
    runtime: ConfigRuntime,
    capabilities: serde_json::Value,
}

#[derive(Deserialize)]
struct ConfigRuntime {
    name: String,
}

/// Opens `target`: a `.wasm` file, an image layout folder, `layout:tag`, or a module folder
/// with `target/fabricks/oci`.
pub fn open(target: &str) -> Result<App> {
    let path = Path::new(target);
    if path.is_file() {
        return Ok(App::Component { path: path.to_path_buf() });
    }
    if path.is_dir() {
        let layout = if path.join("index.json").is_file() { path.to_path_buf() } else { path.join("target/fabricks/oci") };
        if layout.join("index.json").is_file() {
            return read_layout(&layout, None).map(App::Layered);
        }
        bail!("{target} is a folder without an OCI image layout (no index.json, no target/fabricks/oci): run `mvn package` in the module first");
    }
    if let Some((dir, tag)) = target.rsplit_once(':') {
        if Path::new(dir).join("index.json").is_file() {
            return read_layout(Path::new(dir), Some(tag)).map(App::Layered);
        }
    }
    bail!("{target}: no such file or folder. Give target/fabricks/oci (after `mvn package`), LAYOUT:TAG, or a .wasm component")
}

fn read_layout(layout: &Path, tag: Option<&str>) -> Result<Layered> {
    let origin = match tag {
        Some(t) => format!("{}:{t}", layout.display()),
        None => layout.display().to_string(),
    };
    let index: Index = serde_json::from_slice(&fs::read(layout.join("index.json"))?)
        .with_context(|| format!("{}/index.json is not an OCI image index", layout.display()))?;
    let chosen = match tag {
        Some(tag) => index.manifests.iter().find(|m| m.annotations.get(REF_NAME).map(String::as_str) == Some(tag))
            .ok_or_else(|| anyhow!("{origin}: the layout has no manifest tagged `{tag}` (tags: {})", tags(&index)))?,
        None => match apps(&index).as_slice() {
            [one] => *one,
            [] => bail!("{origin}: the layout's index lists no manifest"),
            _ => bail!("{origin}: the layout holds several manifests: name one as LAYOUT:TAG (tags: {})", tags(&index)),
        },
    };
    let manifest: Manifest = serde_json::from_slice(&read_verified(layout, chosen)?)
        .with_context(|| format!("{origin}: the manifest is not an OCI image manifest"))?;
    if manifest.config.media_type.as_deref() != Some(APP_CONFIG) {
        bail!("{origin} is not a Fabricks app (config type {}): a runtime image cannot run alone; build an app on it",
            manifest.config.media_type.as_deref().unwrap_or("missing"));
    }
    let config: Config = serde_json::from_slice(&read_verified(layout, &manifest.config)?)
        .with_context(|| format!("{origin}: the app config is malformed"))?;
    let layer = |media: &str| -> Result<Blob> {
        let d = manifest.layers.iter().find(|l| l.media_type.as_deref() == Some(media))
            .ok_or_else(|| anyhow!("{origin}: the manifest has no {media} layer"))?;
        let path = blob_path(layout, &d.digest)?;
        let size = fs::metadata(&path).with_context(|| format!("{origin}: blob {} is missing", d.digest))?.len();
        if size != d.size {
            bail!("{origin}: blob {} has {size} bytes, the manifest says {}: build again", d.digest, d.size);
        }
        Ok(Blob { path, digest: d.digest.clone() })
    };
    let policy = Policy::from_json(&config.capabilities).with_context(|| format!("{origin}: the app config"))?;
    Ok(Layered {
        name: manifest.annotations.get("org.opencontainers.image.title").cloned().unwrap_or_else(|| "app".into()),
        version: manifest.annotations.get("org.opencontainers.image.version").cloned().unwrap_or_default(),
        runtime_name: config.runtime.name,
        entrypoint: config.entrypoint,
        policy,
        runtime: layer(RUNTIME_LAYER)?,
        module: layer(MODULE_LAYER)?,
        layout: layout.to_path_buf(),
        manifest_digest: chosen.digest.clone(),
    })
}

/// The index's manifests other than cosign signatures (`sha256-<hex>.sig`), which sit beside the app.
fn apps(index: &Index) -> Vec<&Descriptor> {
    index.manifests.iter()
        .filter(|m| !m.annotations.get(REF_NAME).is_some_and(|t| crate::signature::is_signature_tag(t)))
        .collect()
}

/// The manifest tagged `tag` in the layout, if there is one.
pub fn manifest_tagged(layout: &Path, tag: &str) -> Result<Option<Manifest>> {
    let index: Index = serde_json::from_slice(&fs::read(layout.join("index.json"))?)
        .with_context(|| format!("{}/index.json is not an OCI image index", layout.display()))?;
    let Some(entry) = index.manifests.iter().find(|m| m.annotations.get(REF_NAME).map(String::as_str) == Some(tag)) else {
        return Ok(None);
    };
    let manifest = serde_json::from_slice(&read_verified(layout, entry)?)
        .with_context(|| format!("{}: the manifest tagged {tag} is not an OCI image manifest", layout.display()))?;
    Ok(Some(manifest))
}

/// A small blob of the layout, checked against its digest.
pub fn read_blob(layout: &Path, d: &Descriptor) -> Result<Vec<u8>> {
    read_verified(layout, d)
}

fn tags(index: &Index) -> String {
    let tags: Vec<&str> = index.manifests.iter().filter_map(|m| m.annotations.get(REF_NAME).map(String::as_str)).collect();
    if tags.is_empty() { "none".into() } else { tags.join(", ") }
}

fn blob_path(layout: &Path, digest: &str) -> Result<PathBuf> {
    let hex = digest.strip_prefix("sha256:").filter(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| anyhow!("unsupported digest `{digest}`: expected sha256:<64 hex digits>"))?;
    Ok(layout.join("blobs/sha256").join(hex))
}

/// A small blob, read whole and checked against its digest.
fn read_verified(layout: &Path, d: &Descriptor) -> Result<Vec<u8>> {
    let path = blob_path(layout, &d.digest)?;
    let bytes = fs::read(&path).with_context(|| format!("blob {} is missing from {}", d.digest, layout.display()))?;
    let actual = sha256_hex(&bytes);
    if format!("sha256:{actual}") != d.digest {
        bail!("blob {} in {} has digest sha256:{actual}: the layout is damaged, build again", d.digest, layout.display());
    }
    Ok(bytes)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks a layer's bytes against the digest that names it.
pub fn verify(blob: &Blob, bytes: &[u8]) -> Result<()> {
    let actual = format!("sha256:{}", sha256_hex(bytes));
    if actual != blob.digest {
        bail!("{} has digest {actual}, not {}: the layout is damaged, build again", blob.path.display(), blob.digest);
    }
    Ok(())
}
