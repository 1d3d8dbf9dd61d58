//! The one place where a policy becomes a WASI context: environment, preopened folders, sockets.

use crate::filesystem::{APP_DIR, Preopen};
use crate::network::NetGuard;
use crate::policy::Policy;
use wasmtime::error::Context;
use wasmtime::Result;
use std::sync::Arc;
use wasmtime_wasi::{FsPerms, WasiCtx, WasiCtxBuilder};

pub fn context(policy: &Policy, net: &Arc<NetGuard>, preopens: &[Preopen], argv: &[String]) -> Result<WasiCtx> {
    let mut builder = WasiCtxBuilder::new();
    builder.args(argv);
    builder.inherit_stdio();
    // Only the declared names, with the host's values; a name the host does not set stays unset.
    for name in &policy.env {
        if let Ok(value) = std::env::var(name) {
            builder.env(name, value);
        }
    }
    for p in preopens {
        let perms = if p.writable { FsPerms::ReadWrite } else { FsPerms::ReadOnly };
        builder.preopened_dir(&p.host, &p.guest, perms)
            .with_context(|| format!("could not open {} for {}", p.host.display(), p.guest))?;
    }
    if preopens.iter().any(|p| p.guest == APP_DIR) {
        builder.initial_cwd(APP_DIR);
    }
    builder.allow_tcp(true);
    builder.allow_udp(!policy.connect.is_empty());
    builder.allow_ip_name_lookup(policy.needs_name_lookup());
    let net = net.clone();
    builder.socket_addr_check(move |addr, usage| {
        let net = net.clone();
        Box::pin(async move { net.check_socket(addr, usage).await })
    });
    Ok(builder.build())
}
