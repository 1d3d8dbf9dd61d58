//! What one store holds: the WASI context built from the policy, the HTTP hooks, the limits,
//! and the exports of the app's source layer once it is instantiated.

use crate::http::OutgoingHttp;
use crate::limits::MemoryCap;
use crate::link::SourceExports;
use crate::network::NetGuard;
use std::collections::HashMap;
use std::sync::Arc;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView, WasiHttpView};

pub struct HostState {
    pub wasi: WasiCtx,
    pub table: ResourceTable,
    pub http: WasiHttpCtx,
    pub hooks: OutgoingHttp,
    pub limits: MemoryCap,
    pub net: Arc<NetGuard>,
    /// Name lookups in progress: the stream's handle and the name asked for.
    pub lookups: HashMap<u32, String>,
    pub source: Option<SourceExports>,
}

impl HostState {
    pub fn new(wasi: WasiCtx, net: Arc<NetGuard>, memory: u64) -> HostState {
        HostState {
            wasi,
            table: ResourceTable::new(),
            http: WasiHttpCtx::new(),
            hooks: OutgoingHttp { net: net.clone() },
            limits: MemoryCap::new(memory),
            net,
            lookups: HashMap::new(),
            source: None,
        }
    }
}

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

impl WasiHttpView for HostState {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        WasiHttpCtxView { ctx: &mut self.http, table: &mut self.table, hooks: &mut self.hooks }
    }
}
