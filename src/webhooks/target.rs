//! Where deliveries may go: `https` URLs of public hosts only (no loopback,
//! private, link-local, metadata or other special addresses), checked on the
//! URL and again on every address its host resolves to, by the resolver the
//! delivering client connects through (so a name cannot be re-pointed between
//! the check and the connection). `WEBHOOK_ALLOW_INSECURE` lifts both checks.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// The longest URL accepted.
pub const MAX_URL: usize = 2000;

/// Checks a subscription URL: absolute `https` (or `http` when insecure), a
/// host, no user info or fragment, and no literal special address.
pub fn check_url(raw: &str, allow_insecure: bool) -> Result<Url, String> {
    if raw.len() > MAX_URL {
        return Err(format!("must be at most {MAX_URL} characters"));
    }
    let url = Url::parse(raw).map_err(|e| format!("is not an absolute URL ({e})"))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_insecure => {}
        _ => return Err("must be an https URL".into()),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not hold a user name or password".into());
    }
    if url.fragment().is_some() {
        return Err("must not have a fragment".into());
    }
    let refused = match url.host() {
        None => return Err("must name a host".into()),
        Some(_) if allow_insecure => false,
        Some(Host::Ipv4(ip)) => !is_public(IpAddr::V4(ip)),
        Some(Host::Ipv6(ip)) => !is_public(IpAddr::V6(ip)),
        Some(Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
    };
    if refused {
        return Err("must not point at a loopback, private, link-local or other special address".into());
    }
    Ok(url)
}

/// Whether `ip` is an ordinary public unicast address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local() // 169.254/16, cloud metadata included
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 192 && b == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240) // reserved
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local (fd00:ec2::254, the AWS metadata, included)
        || (first & 0xffc0) == 0xfe80 // link-local
        || (first & 0xffc0) == 0xfec0 // site-local (deprecated)
        || first == 0x2001 && ip.segments()[1] == 0x0db8 // documentation
        || first == 0x0064 && ip.segments()[1] == 0xff9b // NAT64: an IPv4 address inside
        || ip.to_ipv4().is_some()) // IPv4-compatible (deprecated)
}

/// The resolver deliveries connect through: the system's resolver, keeping
/// public addresses only (an error when none is left).
#[derive(Debug, Clone, Copy)]
pub struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> = addrs.into_iter().filter(|a| is_public(a.ip())).collect();
            if public.is_empty() {
                let e = format!("`{host}` resolves to no public address");
                return Err(e.into());
            }
            Ok(Box::new(public.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    #[test]
    fn special_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00:ec2::254",
            "fc00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2001:db8::1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip} counted as public");
        }
        for ip in ["1.1.1.1", "193.166.0.1", "2a00:1450:4010:c05::71", "::ffff:8.8.8.8"] {
            assert!(is_public(ip.parse().unwrap()), "{ip} counted as special");
        }
    }

    /// The check after DNS: a name of the loopback interface gives no address to connect to.
    #[test]
    fn names_resolving_to_special_addresses_are_refused() {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let refused = rt.block_on(PublicOnly.resolve(Name::from_str("localhost").unwrap()));
        let err = refused.err().expect("localhost is not public").to_string();
        assert!(err.contains("no public address"), "{err}");
    }

    #[test]
    fn urls_are_checked() {
        assert!(check_url("https://hooks.example.fi/in?x=1", false).is_ok());
        for bad in [
            "http://hooks.example.fi/",
            "https://127.0.0.1/",
            "https://[::1]/",
            "https://localhost/",
            "https://a.localhost/",
            "https://169.254.169.254/latest",
            "https://u:p@hooks.example.fi/",
            "https://hooks.example.fi/#x",
            "ftp://hooks.example.fi/",
            "not a url",
            "https://10.0.0.1:8443/",
        ] {
            assert!(check_url(bad, false).is_err(), "{bad} accepted");
        }
        assert!(check_url("http://127.0.0.1:9000/in", true).is_ok());
        assert!(check_url("ftp://127.0.0.1/", true).is_err());
    }
}
