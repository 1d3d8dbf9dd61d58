//! `[capabilities.network]`: which sockets the app may bind, listen on and connect to, which names
//! it may look up, and where its outgoing HTTP requests may go. Denials are reported once each.

use crate::denial;
use crate::policy::{ConnectPattern, HostPattern, Policy};
use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use wasmtime_wasi::sockets::SocketAddrUse;

pub struct NetGuard {
    listen: Vec<u16>,
    /// Addresses the app may bind a listening port on besides loopback (`--listen-address`).
    listen_addresses: Vec<IpAddr>,
    connect: Vec<ConnectPattern>,
    /// Addresses that granted names resolved to, and the patterns that granted them.
    resolved: Mutex<HashMap<IpAddr, HashSet<usize>>>,
}

impl NetGuard {
    pub fn new(policy: &Policy, listen_addresses: Vec<IpAddr>) -> NetGuard {
        NetGuard {
            listen: policy.listen.clone(),
            listen_addresses,
            connect: policy.connect.clone(),
            resolved: Mutex::new(HashMap::new()),
        }
    }

    /// Whether a socket may be used with `addr`; a denial is reported.
    pub async fn check_socket(&self, addr: SocketAddr, usage: SocketAddrUse) -> bool {
        let ip = addr.ip().to_canonical();
        match usage {
            // Implicit binds of client sockets come with port 0; accepted clients of a granted
            // listener and datagrams received on a bound socket are not the app's choice.
            SocketAddrUse::TcpBind | SocketAddrUse::UdpBind if addr.port() == 0 => true,
            SocketAddrUse::TcpAccept | SocketAddrUse::UdpReceive => true,
            SocketAddrUse::TcpBind | SocketAddrUse::TcpListen => self.check_listen(addr, ip),
            SocketAddrUse::UdpBind => {
                denial::report(&format!("bind UDP port {addr}"), "UDP ports cannot be granted; connect = [\"host:port\"] grants UDP to that peer");
                false
            }
            SocketAddrUse::TcpConnect | SocketAddrUse::UdpSend => {
                if self.connect_allowed(ip, addr.port()).await {
                    true
                } else {
                    denial::report(&format!("connect to {addr}"),
                        &format!("grant it with [capabilities.network] connect = [\"{}\"]", host_port(addr)));
                    false
                }
            }
        }
    }

    fn check_listen(&self, addr: SocketAddr, ip: IpAddr) -> bool {
        if !self.listen.contains(&addr.port()) {
            denial::report(&format!("listen on port {}", addr.port()),
                &format!("grant it with [capabilities.network] listen = [{}]", addr.port()));
            return false;
        }
        let address_ok = ip.is_loopback()
            || self.listen_addresses.iter().any(|a| *a == ip || a.is_unspecified())
            || (ip.is_unspecified() && !self.listen_addresses.is_empty());
        if !address_ok {
            denial::report(&format!("listen on {addr} (only loopback addresses are served by default)"),
                "allow other addresses with fabricks-host --listen-address ADDR");
        }
        address_ok
    }

    async fn connect_allowed(&self, ip: IpAddr, port: u16) -> bool {
        let mut names = Vec::new();
        for (i, pattern) in self.connect.iter().enumerate() {
            if !pattern.port_matches(port) {
                continue;
            }
            match &pattern.host {
                HostPattern::Any => return true,
                HostPattern::Ip(granted) if granted.to_canonical() == ip => return true,
                HostPattern::Ip(_) => {}
                HostPattern::Name(name) => names.push((i, name.clone())),
                HostPattern::Subdomains(_) => {}
            }
            if self.resolved.lock().unwrap().get(&ip).is_some_and(|granted| granted.contains(&i)) {
                return true;
            }
        }
        // A granted literal name resolves to this address (the app may have resolved it some
        // other way, e.g. an address it was given): look it up here.
        for (i, name) in names {
            if let Ok(addrs) = tokio::net::lookup_host((name.as_str(), port)).await {
                let addrs: Vec<IpAddr> = addrs.map(|a| a.ip().to_canonical()).collect();
                if addrs.contains(&ip) {
                    self.resolved.lock().unwrap().entry(ip).or_default().insert(i);
                    return true;
                }
            }
        }
        false
    }

    /// Whether the app may look up `name`; a denial is reported.
    pub fn check_name(&self, name: &str) -> bool {
        // An address "resolves" to itself without asking anyone; connecting to it is checked then.
        let literal = name.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>().is_ok();
        if literal || self.connect.iter().any(|p| p.name_matches(name)) {
            return true;
        }
        denial::report(&format!("look up the name `{name}`"),
            &format!("grant it with [capabilities.network] connect = [\"{name}:PORT\"]"));
        false
    }

    /// Notes that a granted `name` resolved to `ip`, so that connecting to it is allowed.
    pub fn record(&self, name: &str, ip: IpAddr) {
        let granted: HashSet<usize> =
            self.connect.iter().enumerate().filter(|(_, p)| p.name_matches(name)).map(|(i, _)| i).collect();
        self.resolved.lock().unwrap().entry(ip.to_canonical()).or_default().extend(granted);
    }

    /// Whether an outgoing HTTP request to `host:port` is allowed; a denial is reported.
    pub fn check_http(&self, scheme: &str, host: &str, port: u16) -> bool {
        if self.connect.iter().any(|p| p.port_matches(port) && p.name_matches(host)) {
            return true;
        }
        denial::report(&format!("HTTP request to {scheme}://{host}:{port}"),
            &format!("grant it with [capabilities.network] connect = [\"{host}:{port}\"]"));
        false
    }
}

fn host_port(addr: SocketAddr) -> String {
    match addr {
        SocketAddr::V4(a) => format!("{}:{}", a.ip(), a.port()),
        SocketAddr::V6(a) => format!("[{}]:{}", a.ip(), a.port()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn guard(caps: serde_json::Value) -> NetGuard {
        NetGuard::new(&Policy::from_json(&caps).unwrap(), vec![])
    }

    fn addr(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    #[tokio::test]
    async fn nothing_granted_denies_every_connect_and_listen() {
        let g = guard(json!({}));
        assert!(!g.check_socket(addr("127.0.0.1:80"), SocketAddrUse::TcpConnect).await);
        assert!(!g.check_socket(addr("127.0.0.1:8080"), SocketAddrUse::TcpListen).await);
        assert!(!g.check_socket(addr("127.0.0.1:8080"), SocketAddrUse::TcpBind).await);
        assert!(!g.check_socket(addr("127.0.0.1:53"), SocketAddrUse::UdpSend).await);
        assert!(!g.check_name("example.com"));
        assert!(!g.check_http("https", "example.com", 443));
        // Client sockets bind port 0 implicitly.
        assert!(g.check_socket(addr("0.0.0.0:0"), SocketAddrUse::TcpBind).await);
    }

    #[tokio::test]
    async fn listen_only_on_granted_ports_and_loopback() {
        let g = guard(json!({"network": {"listen": [8080]}}));
        assert!(g.check_socket(addr("127.0.0.1:8080"), SocketAddrUse::TcpListen).await);
        assert!(g.check_socket(addr("[::1]:8080"), SocketAddrUse::TcpBind).await);
        assert!(!g.check_socket(addr("127.0.0.1:8081"), SocketAddrUse::TcpListen).await);
        assert!(!g.check_socket(addr("0.0.0.0:8080"), SocketAddrUse::TcpListen).await);
        let public = NetGuard::new(&Policy::from_json(&json!({"network": {"listen": [8080]}})).unwrap(),
            vec!["0.0.0.0".parse().unwrap()]);
        assert!(public.check_socket(addr("0.0.0.0:8080"), SocketAddrUse::TcpListen).await);
    }

    #[tokio::test]
    async fn connect_by_address_name_and_pattern() {
        let g = guard(json!({"network": {"connect": ["127.0.0.1:9000", "localhost:7000", "*.example.com:443"]}}));
        assert!(g.check_socket(addr("127.0.0.1:9000"), SocketAddrUse::TcpConnect).await);
        assert!(!g.check_socket(addr("127.0.0.1:9001"), SocketAddrUse::TcpConnect).await);
        assert!(!g.check_socket(addr("127.0.0.2:9000"), SocketAddrUse::TcpConnect).await);
        // localhost resolves to loopback: granted on its port only.
        assert!(g.check_socket(addr("127.0.0.1:7000"), SocketAddrUse::TcpConnect).await);
        assert!(g.check_name("api.example.com") && !g.check_name("example.com") && !g.check_name("evil.com"));
        assert!(g.check_name("10.1.2.3") && g.check_name("::1"), "addresses need no lookup");
        assert!(!g.check_socket(addr("192.0.2.7:443"), SocketAddrUse::TcpConnect).await);
        g.record("api.example.com", "192.0.2.7".parse().unwrap());
        assert!(g.check_socket(addr("192.0.2.7:443"), SocketAddrUse::TcpConnect).await);
        assert!(!g.check_socket(addr("192.0.2.7:80"), SocketAddrUse::TcpConnect).await);
        assert!(g.check_http("https", "api.example.com", 443));
        assert!(!g.check_http("http", "api.example.com", 80));
    }
}
