//! Everything a run needs before its first instruction: the app opened, both layers compiled
//! (or taken from the cache), the mounts checked, `/app` unpacked (unless the runtime's WASI
//! adapter serves it) and the linker built. `run`
//! makes one store from it; `serve` makes many.

use crate::artifact::{self, App, Blob};
use crate::cache::{CompiledCache, Loaded};
use crate::filesystem::{self, APP_DIR, Preopen, TMP_DIR};
use crate::link::{self, SourceExports};
use crate::network::NetGuard;
use crate::policy::Policy;
use crate::state::HostState;
use wasmtime::error::Context;
use wasmtime::{Result, bail};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use wasmtime::component::{Component, Linker};
use wasmtime::{Engine, Store};

/// What the command line asks for, whatever the command.
#[derive(Debug, Clone)]
pub struct Options {
    pub target: String,
    pub args: Vec<String>,
    pub mounts: Vec<String>,
    pub memory: u64,
    pub timeout: Option<Duration>,
    pub tmp_size: u64,
    pub listen_addresses: Vec<IpAddr>,
    pub cache: bool,
    pub verbose: bool,
    /// Variables granted to a bare component (which carries no policy of its own).
    pub env: Vec<String>,
    /// A public key the app's cosign signature must verify with, or none.
    pub verify_key: Option<std::path::PathBuf>,
}

pub struct Prepared {
    pub engine: Engine,
    pub linker: Linker<HostState>,
    pub runtime: Component,
    pub module: Option<Component>,
    pub policy: Policy,
    pub net: Arc<NetGuard>,
    /// Mounts, `/app` and `/tmp` (a private folder removed when this is dropped).
    pub preopens: Vec<Preopen>,
    pub argv0: String,
    /// A bare component: its grants come from the command line, not from an artifact.
    pub bare: bool,
    /// The runtime's name and version from the artifact, e.g. `node:0.1.0`.
    pub runtime_name: Option<String>,
    pub tmp: tempfile::TempDir,
    _app_dir: Option<tempfile::TempDir>,
}

pub async fn prepare(opts: &Options) -> Result<Prepared> {
    let app = artifact::open(&opts.target)?;
    if let Some(key_file) = &opts.verify_key {
        let key = crate::signature::read_key(key_file)?;
        match &app {
            App::Layered(app) => crate::signature::verify(&app.layout, &app.manifest_digest, &key,
                &key_file.display().to_string())?,
            App::Component { path } => bail!("refused: {} is a bare component, which carries no signature;                 --verify-key checks an app's OCI layout (target/fabricks/oci after fabricks:push with a key)", path.display()),
        }
        if opts.verbose {
            eprintln!("fabricks-host: the signature verifies with {}", key_file.display());
        }
    }
    let engine = link::engine()?;
    crate::limits::start_ticker(&engine);
    let cache_root = if opts.cache { CompiledCache::default_dir() } else { None };
    let cache = CompiledCache::new(&engine, cache_root.clone(), opts.verbose);
    let mut runtime_name = None;
    let (policy, runtime, module, argv0, app_files) = match app {
        App::Component { path } => {
            let digest = format!("sha256:{}", artifact::sha256_hex(&std::fs::read(&path)?));
            let (component, loaded) = cache.load(&engine, &digest, || Ok(std::fs::read(&path)?))?;
            report(opts, &path.display().to_string(), &loaded);
            if opts.verbose {
                eprintln!("fabricks-host: {} is a bare component: nothing is granted (run target/fabricks/oci for the app's capabilities)", path.display());
            }
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            (Policy { env: opts.env.clone(), ..Policy::default() }, component, None, name, None)
        }
        App::Layered(app) => {
            if let Some(name) = opts.env.first() {
                bail!("--env {name}: an app's environment is what its artifact declares; grant it with \
                       [capabilities] env = [\"{name}\"] in fabricks.toml and build again");
            }
            let runtime = load_layer(&engine, &cache, &app.runtime, opts, &format!("runtime {}", app.runtime_name))?;
            let module = load_layer(&engine, &cache, &app.module, opts, "source layer")?;
            let files = (app.module.digest.clone(), module.clone());
            runtime_name = Some(app.runtime_name.clone());
            (app.policy, runtime, Some(module), app.name, Some(files))
        }
    };
    let mut preopens = filesystem::resolve_mounts(&policy, &opts.mounts)?;
    for guest in filesystem::unbound(&policy, &preopens) {
        eprintln!("fabricks-host: note: {guest} is declared but not mounted; bind it with --mount {guest}=HOST_FOLDER");
    }
    let net = Arc::new(NetGuard::new(&policy, opts.listen_addresses.clone()));
    let linker = link::linker(&engine)?;

    let mut app_dir_temp = None;
    // A runtime composed with its WASI adapter serves /app itself, from the source layer.
    let app_files = app_files.filter(|_| !serves_app_files(&engine, &runtime));
    if let Some((digest, module)) = app_files {
        let dir = match cache_root.as_ref().and_then(|c| c.parent()) {
            Some(base) => base.join("app").join(digest.replace(':', "-")),
            None => {
                let temp = tempfile::Builder::new().prefix("fabricks-app-").tempdir()?;
                let dir = temp.path().join("app");
                app_dir_temp = Some(temp);
                dir
            }
        };
        if !dir.is_dir() {
            let files = read_files(&engine, &net, &module).await?;
            filesystem::materialize(&dir, files)?;
        }
        preopens.push(Preopen { host: dir, guest: APP_DIR.into(), writable: false });
    }
    let tmp = tempfile::Builder::new().prefix("fabricks-tmp-").tempdir().context("could not make the private /tmp")?;
    preopens.push(Preopen { host: tmp.path().to_path_buf(), guest: TMP_DIR.into(), writable: true });
    let bare = module.is_none();
    Ok(Prepared { engine, linker, runtime, module, policy, net, preopens, argv0, bare, runtime_name, tmp, _app_dir: app_dir_temp })
}

/// The interface a runtime image exports when its WASI adapter preopens `/app` (runtimes/adapter).
const APP_FILES_EXPORT: &str = "fabricks:wasi-adapter/app-files@";

/// Whether the component says it serves the app's files at `/app` itself: then the host must not
/// preopen a folder there too.
pub fn serves_app_files(engine: &Engine, component: &Component) -> bool {
    component.component_type().exports(engine).any(|(name, _)| name.starts_with(APP_FILES_EXPORT))
}

fn load_layer(engine: &Engine, cache: &CompiledCache, blob: &Blob, opts: &Options, what: &str) -> Result<Component> {
    let (component, loaded) = cache.load(engine, &blob.digest, || {
        let bytes = std::fs::read(&blob.path)?;
        artifact::verify(blob, &bytes)?;
        Ok(bytes)
    }).with_context(|| format!("the {what} ({})", blob.digest))?;
    report(opts, what, &loaded);
    Ok(component)
}

fn report(opts: &Options, what: &str, loaded: &Loaded) {
    if opts.verbose {
        match loaded {
            Loaded::Cached(t) => eprintln!("fabricks-host: {what}: compiled code from the cache in {:.1} ms", t.as_secs_f64() * 1e3),
            Loaded::Compiled(t) => eprintln!("fabricks-host: {what}: compiled in {:.2} s (kept for next time)", t.as_secs_f64()),
        }
    }
}

/// The source layer's files, read through its own `files` export in a store of its own.
/// Layer paths under this folder are the build's notes for the runtime, kept out of `/app`.
const BUILD_DIR: &str = ".fabricks/";

async fn read_files(engine: &Engine, net: &Arc<NetGuard>, module: &Component) -> Result<Vec<(String, Vec<u8>)>> {
    let wasi = wasmtime_wasi::WasiCtxBuilder::new().build();
    let mut store = Store::new(engine, HostState::new(wasi, net.clone(), 1 << 30));
    store.set_epoch_deadline(u64::MAX / 2);
    let exports = link::instantiate_source(&mut store, module).await?;
    let (mut files,) = exports.files.call_async(&mut store, ()).await?;
    // What the build wrote for the runtime's loader (prepared JavaScript modules), not the app's files.
    files.retain(|(path, _)| !path.starts_with(BUILD_DIR));
    Ok(files)
}

impl Prepared {
    /// A fresh store for one instance of the app, with the policy's WASI context and limits.
    pub fn store(&self, args: &[String], memory: u64) -> Result<Store<HostState>> {
        let mut argv = vec![self.argv0.clone()];
        argv.extend(args.iter().cloned());
        let wasi = crate::wasi::context(&self.policy, &self.net, &self.preopens, &argv)?;
        let mut store = Store::new(&self.engine, HostState::new(wasi, self.net.clone(), memory));
        store.limiter(|state| &mut state.limits);
        // Busy guests give way to the executor every tick (run replaces this with its own checks).
        store.set_epoch_deadline(1);
        store.epoch_deadline_async_yield_and_update(1);
        Ok(store)
    }

    /// Instantiates the source layer (when there is one) and then the runtime, linked.
    pub async fn instantiate(&self, store: &mut Store<HostState>) -> Result<wasmtime::component::Instance> {
        if let Some(module) = &self.module {
            let exports: SourceExports = link::instantiate_source(store, module).await?;
            store.data_mut().source = Some(exports);
        }
        self.linker.instantiate_async(&mut *store, &self.runtime).await
    }

    pub fn tmp_path(&self) -> PathBuf {
        self.tmp.path().to_path_buf()
    }
}
