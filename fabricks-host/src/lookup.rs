//! `wasi:sockets/ip-name-lookup` under the connect grants: a name that no `connect` entry covers
//! is not looked up at all, and the addresses a granted name resolves to become connectable.
//! It wraps wasmtime-wasi's own implementation, which has no hook for names.

use crate::state::HostState;
use wasmtime::component::{HasData, Linker, Resource};
use wasmtime_wasi::p2::SocketError;
use wasmtime_wasi::p2::bindings::sockets::ip_name_lookup::{self, Host, HostResolveAddressStream, ResolveAddressStream};
use wasmtime_wasi::p2::bindings::sockets::network::{self, ErrorCode, IpAddress, Network};
use wasmtime_wasi::sockets::WasiSocketsCtxView;

struct Lookup;

impl HasData for Lookup {
    type Data<'a> = &'a mut HostState;
}

fn view(state: &mut HostState) -> WasiSocketsCtxView<'_> {
    WasiSocketsCtxView { ctx: state.wasi.sockets(), table: &mut state.table }
}

impl Host for &mut HostState {
    fn resolve_addresses(&mut self, network: Resource<Network>, name: String) -> Result<Resource<ResolveAddressStream>, SocketError> {
        if !self.net.check_name(&name) {
            return Err(ErrorCode::PermanentResolverFailure.into());
        }
        let stream = view(self).resolve_addresses(network, name.clone())?;
        self.lookups.insert(stream.rep(), name);
        Ok(stream)
    }
}

impl HostResolveAddressStream for &mut HostState {
    fn resolve_next_address(&mut self, stream: Resource<ResolveAddressStream>) -> Result<Option<IpAddress>, SocketError> {
        let rep = stream.rep();
        let next = view(self).resolve_next_address(stream)?;
        if let (Some(address), Some(name)) = (&next, self.lookups.get(&rep)) {
            let ip: std::net::IpAddr = match *address {
                IpAddress::Ipv4((a, b, c, d)) => std::net::Ipv4Addr::new(a, b, c, d).into(),
                IpAddress::Ipv6((a, b, c, d, e, f, g, h)) => std::net::Ipv6Addr::new(a, b, c, d, e, f, g, h).into(),
            };
            self.net.record(name, ip);
        }
        Ok(next)
    }

    fn subscribe(&mut self, stream: Resource<ResolveAddressStream>) -> wasmtime::Result<Resource<wasmtime_wasi::p2::DynPollable>> {
        view(self).subscribe(stream)
    }

    fn drop(&mut self, stream: Resource<ResolveAddressStream>) -> wasmtime::Result<()> {
        self.lookups.remove(&stream.rep());
        HostResolveAddressStream::drop(&mut view(self), stream)
    }
}

/// Error conversion for this interface's results, as wasmtime-wasi does it.
impl network::Host for &mut HostState {
    fn convert_error_code(&mut self, error: SocketError) -> wasmtime::Result<ErrorCode> {
        network::Host::convert_error_code(&mut view(self), error)
    }

    fn network_error_code(&mut self, err: Resource<wasmtime_wasi::p2::bindings::io::error::Error>) -> wasmtime::Result<Option<ErrorCode>> {
        network::Host::network_error_code(&mut view(self), err)
    }
}

impl network::HostNetwork for &mut HostState {
    fn drop(&mut self, this: Resource<Network>) -> wasmtime::Result<()> {
        network::HostNetwork::drop(&mut view(self), this)
    }
}

/// Replaces the linker's `ip-name-lookup` with the checked one; call after adding WASI.
pub fn add_to_linker(linker: &mut Linker<HostState>) -> wasmtime::Result<()> {
    linker.allow_shadowing(true);
    ip_name_lookup::add_to_linker::<HostState, Lookup>(linker, |state| state)?;
    linker.allow_shadowing(false);
    Ok(())
}
