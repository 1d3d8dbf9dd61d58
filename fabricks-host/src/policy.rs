//! What an app may do, read from its artifact's config: the one place that parses capabilities.
//! Everything else in the host reads this value, never the raw JSON.

use wasmtime::error::Context;
use wasmtime::{Result, bail};
use serde::Deserialize;

/// The grants of one app. Empty means nothing is granted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Policy {
    /// Names of host environment variables the app may read.
    pub env: Vec<String>,
    /// Guest paths that may be bound to host folders at run time.
    pub mounts: Vec<MountDecl>,
    /// TCP ports the app may listen on.
    pub listen: Vec<u16>,
    /// Where the app may connect to.
    pub connect: Vec<ConnectPattern>,
}

/// A `[[capabilities.filesystem]]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct MountDecl {
    pub guest: String,
    pub writable: bool,
}

/// One `[capabilities.network] connect` entry: `host:port`, `*.domain:port`, `*:port`, `host:*`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectPattern {
    pub host: HostPattern,
    /// `None` for `*`.
    pub port: Option<u16>,
    /// The entry as written, for messages.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum HostPattern {
    /// `*`: any host.
    Any,
    /// `*.example.com`: any name below the domain (not the domain itself).
    Subdomains(String),
    /// A literal IP address.
    Ip(std::net::IpAddr),
    /// A literal host name, lower case.
    Name(String),
}

#[derive(Deserialize)]
struct RawCapabilities {
    #[serde(default)]
    env: Vec<String>,
    #[serde(default)]
    filesystem: Vec<RawMount>,
    #[serde(default)]
    network: RawNetwork,
}

#[derive(Deserialize, Default)]
struct RawNetwork {
    #[serde(default)]
    listen: Vec<u32>,
    #[serde(default)]
    connect: Vec<String>,
}

#[derive(Deserialize)]
struct RawMount {
    path: String,
    #[serde(default = "read_only")]
    mode: String,
}

fn read_only() -> String {
    "ro".into()
}

impl Policy {
    /// Parses the `capabilities` object of an artifact's config.
    pub fn from_json(capabilities: &serde_json::Value) -> Result<Policy> {
        let raw: RawCapabilities =
            serde_json::from_value(capabilities.clone()).context("the artifact's capabilities are malformed")?;
        let mut policy = Policy { env: raw.env, ..Policy::default() };
        for mount in raw.filesystem {
            let writable = match mount.mode.as_str() {
                "ro" => false,
                "rw" => true,
                other => bail!("capabilities.filesystem `{}` has mode `{other}`: expected ro or rw", mount.path),
            };
            if !mount.path.starts_with('/') || mount.path.split('/').any(|s| s == "..") {
                bail!("capabilities.filesystem path `{}` is not an absolute guest path", mount.path);
            }
            policy.mounts.push(MountDecl { guest: normalize_guest(&mount.path), writable });
        }
        for port in raw.network.listen {
            match u16::try_from(port) {
                Ok(p) if p > 0 => policy.listen.push(p),
                _ => bail!("capabilities.network.listen has port {port}: expected 1 to 65535"),
            }
        }
        for text in raw.network.connect {
            policy.connect.push(ConnectPattern::parse(&text)?);
        }
        Ok(policy)
    }

    pub fn mount(&self, guest: &str) -> Option<&MountDecl> {
        let guest = normalize_guest(guest);
        self.mounts.iter().find(|m| m.guest == guest)
    }

    /// Whether any connect entry names a host (not only IP addresses): then name lookups are needed.
    pub fn needs_name_lookup(&self) -> bool {
        self.connect.iter().any(|p| !matches!(p.host, HostPattern::Ip(_)))
    }
}

/// `/data/` and `/data` are one guest path.
pub fn normalize_guest(path: &str) -> String {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() { "/".into() } else { trimmed.into() }
}

impl ConnectPattern {
    pub fn parse(text: &str) -> Result<ConnectPattern> {
        let fix = "write host:port, e.g. \"api.example.com:443\", \"*.example.com:443\" or \"localhost:*\"";
        let Some((host, port)) = text.rsplit_once(':') else {
            bail!("capabilities.network.connect has `{text}` without a port: {fix}");
        };
        let port = match port {
            "*" => None,
            p => match p.parse::<u16>() {
                Ok(n) if n > 0 => Some(n),
                _ => bail!("capabilities.network.connect has `{text}` whose port is not 1 to 65535 or *: {fix}"),
            },
        };
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let host = if host == "*" {
            HostPattern::Any
        } else if let Some(domain) = host.strip_prefix("*.") {
            HostPattern::Subdomains(domain.to_ascii_lowercase())
        } else if let Ok(ip) = bare.parse() {
            HostPattern::Ip(ip)
        } else if !host.is_empty() && !host.contains('*') {
            HostPattern::Name(host.trim_end_matches('.').to_ascii_lowercase())
        } else {
            bail!("capabilities.network.connect has `{text}` whose host is not a name, address or pattern: {fix}");
        };
        Ok(ConnectPattern { host, port, text: text.into() })
    }

    pub fn port_matches(&self, port: u16) -> bool {
        self.port.is_none_or(|p| p == port)
    }

    /// Whether a host name (not an address) is covered by this pattern.
    pub fn name_matches(&self, name: &str) -> bool {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        match &self.host {
            HostPattern::Any => true,
            HostPattern::Subdomains(domain) => {
                name.len() > domain.len() + 1 && name.ends_with(domain.as_str())
                    && name.as_bytes()[name.len() - domain.len() - 1] == b'.'
            }
            HostPattern::Ip(ip) => name.trim_start_matches('[').trim_end_matches(']').parse().ok() == Some(*ip),
            HostPattern::Name(n) => *n == name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_key_is_read() {
        let policy = Policy::from_json(&json!({
            "env": ["API_KEY"],
            "filesystem": [{"path": "/data/", "mode": "rw"}, {"path": "/ref"}],
            "network": {"listen": [8080], "connect": ["api.example.com:443", "*.example.org:*", "127.0.0.1:9000"]}
        }))
        .unwrap();
        assert_eq!(policy.env, vec!["API_KEY"]);
        assert_eq!(policy.mounts, vec![
            MountDecl { guest: "/data".into(), writable: true },
            MountDecl { guest: "/ref".into(), writable: false }
        ]);
        assert_eq!(policy.listen, vec![8080]);
        assert_eq!(policy.connect.len(), 3);
        assert!(policy.needs_name_lookup());
        assert!(policy.mount("/data/").is_some());
        assert!(policy.mount("/etc").is_none());
    }

    #[test]
    fn nothing_declared_grants_nothing() {
        let policy = Policy::from_json(&json!({})).unwrap();
        assert_eq!(policy, Policy::default());
        assert!(!policy.needs_name_lookup());
    }

    #[test]
    fn bad_entries_are_refused() {
        assert!(Policy::from_json(&json!({"filesystem": [{"path": "/a", "mode": "wx"}]})).is_err());
        assert!(Policy::from_json(&json!({"filesystem": [{"path": "/a/../etc"}]})).is_err());
        assert!(Policy::from_json(&json!({"network": {"listen": [70000]}})).is_err());
        assert!(ConnectPattern::parse("example.com").is_err());
        assert!(ConnectPattern::parse("example.com:0").is_err());
        assert!(ConnectPattern::parse("ex*mple.com:80").is_err());
    }

    #[test]
    fn names_match_exactly_or_below_a_domain() {
        let sub = ConnectPattern::parse("*.example.com:443").unwrap();
        assert!(sub.name_matches("api.example.com"));
        assert!(sub.name_matches("A.B.Example.COM."));
        assert!(!sub.name_matches("example.com"));
        assert!(!sub.name_matches("evilexample.com"));
        assert!(sub.port_matches(443) && !sub.port_matches(80));
        let exact = ConnectPattern::parse("localhost:*").unwrap();
        assert!(exact.name_matches("localhost") && exact.port_matches(1));
        assert!(!exact.name_matches("localhost.evil.com"));
        let ip = ConnectPattern::parse("[::1]:8080").unwrap();
        assert_eq!(ip.host, HostPattern::Ip("::1".parse().unwrap()));
    }
}
