//! One engine for every run, and the linker that joins an app's two layers at run time: the
//! runtime (layer 0) imports `fabricks:app/source`, which is forwarded to the source layer
//! (layer 1), instantiated first in the same store. So each layer is compiled, and kept
//! compiled, on its own.

use crate::state::HostState;
use wasmtime::error::Context;
use wasmtime::{Result, format_err as anyhow};
use wasmtime::component::{Component, Instance, Linker, TypedFunc};
use wasmtime::{Config, Engine, Store};

pub const SOURCE_INTERFACE: &str = "fabricks:app/source@0.1.0";

/// The engine of `run` and `serve` (async: WASI sockets and HTTP run on tokio), with epoch
/// interruption so that a busy guest can be stopped. Compiled code is shared between runs only
/// when this configuration is the same, so there is one.
pub fn engine() -> Result<Engine> {
    let mut config = Config::new();
    config.epoch_interruption(true);
    config.wasm_component_model(true);
    // No shared memories or threads: WASI 0.2 has none, and a guest cannot ask for them.
    config.wasm_threads(false);
    // No component-model async (WASI 0.3) either. With it on, every call from one component to
    // another (a runtime's WASI call into its image's adapter) and every host call creates and
    // drops a task in the store: a call the node runtime makes through its adapter took 1.32 us
    // with it and 0.41 us without (`performance.now()` in a loop; a direct host call 0.55 and
    // 0.37 us). WASI 0.2 and wasi:http 0.2 run on `call_async` alone.
    config.concurrency_support(false);
    Engine::new(&config)
}

/// Layer 1's exports, called by the host functions that layer 0 imports.
#[derive(Clone, Copy)]
pub struct SourceExports {
    pub entrypoint: TypedFunc<(), (String,)>,
    pub paths: TypedFunc<(), (Vec<String>,)>,
    pub files: TypedFunc<(), (Vec<(String, Vec<u8>)>,)>,
    pub read: TypedFunc<(String,), (Option<Vec<u8>>,)>,
}

/// A linker with WASI 0.2, wasi:http's outgoing interfaces, the checked name lookup and the
/// forwarded `fabricks:app/source`.
pub fn linker(engine: &Engine) -> Result<Linker<HostState>> {
    let mut linker = Linker::new(engine);
    wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
    wasmtime_wasi_http::p2::add_only_http_to_linker_async(&mut linker)?;
    crate::lookup::add_to_linker(&mut linker)?;
    crate::fsdenial::add_to_linker(&mut linker)?;
    let mut source = linker.instance(SOURCE_INTERFACE)?;
    source.func_wrap_async("entrypoint", |mut store, (): ()| {
        Box::new(async move { let f = exports(&store)?.entrypoint; f.call_async(&mut store, ()).await })
    })?;
    source.func_wrap_async("paths", |mut store, (): ()| {
        Box::new(async move { let f = exports(&store)?.paths; f.call_async(&mut store, ()).await })
    })?;
    source.func_wrap_async("files", |mut store, (): ()| {
        Box::new(async move { let f = exports(&store)?.files; f.call_async(&mut store, ()).await })
    })?;
    source.func_wrap_async("read", |mut store, (path,): (String,)| {
        Box::new(async move { let f = exports(&store)?.read; f.call_async(&mut store, (path,)).await })
    })?;
    Ok(linker)
}

fn exports(store: &wasmtime::StoreContextMut<'_, HostState>) -> Result<SourceExports> {
    store.data().source.ok_or_else(|| anyhow!("this component imports {SOURCE_INTERFACE}, but it was run without a source layer"))
}

/// Instantiates a source layer (no imports) and finds its exports.
pub async fn instantiate_source(store: &mut Store<HostState>, layer: &Component) -> Result<SourceExports> {
    let empty: Linker<HostState> = Linker::new(store.engine());
    let instance = empty.instantiate_async(&mut *store, layer).await
        .context("the source layer does not instantiate")?;
    let iface = instance.get_export_index(&mut *store, None, SOURCE_INTERFACE)
        .ok_or_else(|| anyhow!("the source layer does not export {SOURCE_INTERFACE}"))?;
    let func = |store: &mut Store<HostState>, name: &str| {
        instance.get_export_index(&mut *store, Some(&iface), name)
            .ok_or_else(|| anyhow!("the source layer's {SOURCE_INTERFACE} has no `{name}`"))
    };
    let (e, p, f, r) = (func(store, "entrypoint")?, func(store, "paths")?, func(store, "files")?, func(store, "read")?);
    Ok(SourceExports {
        entrypoint: instance.get_typed_func(&mut *store, &e)?,
        paths: instance.get_typed_func(&mut *store, &p)?,
        files: instance.get_typed_func(&mut *store, &f)?,
        read: instance.get_typed_func(&mut *store, &r)?,
    })
}

/// The `run` function of the component's `wasi:cli/run@0.2.x` export, whatever its patch version.
pub fn cli_run(store: &mut Store<HostState>, component: &Component, instance: &Instance) -> Result<TypedFunc<(), (Result<(), ()>,)>> {
    let engine = store.engine().clone();
    let name = component.component_type().exports(&engine).map(|(n, _)| n.to_string())
        .find(|n| n.starts_with("wasi:cli/run@0.2"))
        .ok_or_else(|| anyhow!("the component does not export wasi:cli/run@0.2.x: it is not a command (an HTTP app is started with `serve`)"))?;
    let iface = instance.get_export_index(&mut *store, None, &name).expect("an export the type lists");
    let run = instance.get_export_index(&mut *store, Some(&iface), "run")
        .ok_or_else(|| anyhow!("{name} has no `run`"))?;
    Ok(instance.get_typed_func(&mut *store, &run)?)
}
