//! Who a request comes from, as the per-address limits count it.
//!
//! Without a trusted proxy that is the socket's peer, and no header can change it: a
//! client that sends `X-Forwarded-For` only adds a header nobody reads. Behind a
//! reverse proxy every peer is the proxy, so the operator names the header the proxy
//! writes (`--trusted-proxy-header`) and how many proxies of theirs append to it
//! (`--trusted-proxy-hops`): the client is the address that many places from the
//! right. Whatever the client itself put in the header stands further left and is
//! never read.
//!
//! One address is one client for IPv4. For IPv6 a subscriber gets a whole /64 (or
//! more) and picks addresses in it freely — privacy extensions hand out new ones all
//! the time — so counting each /128 would let one host be 2⁶⁴ clients: the /64 is
//! the client. A client with a /48 still has 65 536 /64s; the global limits are what
//! bound it.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName};

use crate::state::AppState;

/// Where the client address comes from behind a reverse proxy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedProxy {
    /// The header the proxy sets (`X-Forwarded-For`, `X-Real-IP`, `Forwarded`);
    /// `None`: no proxy, the socket peer is the client.
    pub header: Option<HeaderName>,
    /// How many proxies of the deployment append to the header; the client is the
    /// address this many places from the right (1: the right-most).
    pub hops: usize,
}

impl Default for TrustedProxy {
    fn default() -> TrustedProxy {
        TrustedProxy {
            header: None,
            hops: 1,
        }
    }
}

impl TrustedProxy {
    /// Trust `header` as written by `hops` proxies.
    pub fn header(header: HeaderName, hops: usize) -> TrustedProxy {
        TrustedProxy {
            header: Some(header),
            hops: hops.max(1),
        }
    }

    /// The address the outermost trusted proxy saw, if the header holds one there.
    fn forwarded_for(&self, headers: &HeaderMap) -> Option<IpAddr> {
        let name = self.header.as_ref()?;
        let forwarded = name.as_str() == "forwarded";
        let mut hops = Vec::new();
        // Several header lines are one list, in order (RFC 9110, 5.3). A line that is
        // not text can only be the client's (left of every trusted hop): skipped.
        for line in headers.get_all(name) {
            let Ok(line) = line.to_str() else { continue };
            hops.extend(line.split(',').map(str::trim).filter(|v| !v.is_empty()));
        }
        let hop = hops.len().checked_sub(self.hops).map(|at| hops[at])?;
        if forwarded {
            parse_address(forwarded_for_parameter(hop)?)
        } else {
            parse_address(hop)
        }
    }
}

/// The `for=` parameter of one element of a `Forwarded` header (RFC 7239).
fn forwarded_for_parameter(element: &str) -> Option<&str> {
    element.split(';').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("for")
            .then(|| value.trim().trim_matches('"'))
    })
}

/// `192.0.2.7`, `192.0.2.7:4711`, `2001:db8::7` or `[2001:db8::7]:4711`.
fn parse_address(text: &str) -> Option<IpAddr> {
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(socket) = text.parse::<SocketAddr>() {
        return Some(socket.ip());
    }
    text.strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .and_then(|inner| inner.parse::<Ipv6Addr>().ok())
        .map(IpAddr::V6)
}

/// The client a request comes from (see the module's documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(Option<IpAddr>);

impl ClientAddr {
    /// The client at `ip` (an IPv4-mapped IPv6 address is its IPv4 address).
    pub fn new(ip: IpAddr) -> ClientAddr {
        ClientAddr(Some(ip.to_canonical()))
    }

    /// A request whose peer is not known (an app served without connection info, as
    /// some tests do): every such request is one client.
    pub fn unknown() -> ClientAddr {
        ClientAddr(None)
    }

    /// The client of a request from `peer` with `headers`: the trusted proxy's header
    /// when it is configured and holds an address at its hop, else the peer.
    pub fn from_request(
        headers: &HeaderMap,
        peer: Option<IpAddr>,
        proxy: &TrustedProxy,
    ) -> ClientAddr {
        match proxy.forwarded_for(headers).or(peer) {
            Some(ip) => ClientAddr::new(ip),
            None => ClientAddr::unknown(),
        }
    }

    /// The address, if known.
    pub fn ip(&self) -> Option<IpAddr> {
        self.0
    }

    /// What the per-address limits count under: the IPv4 address, or the /64 of an
    /// IPv6 address.
    ///
    /// ```
    /// use porchlight_server::limits::ClientAddr;
    /// let v6 = ClientAddr::new("2001:db8:1:2:aaaa::7".parse().unwrap());
    /// assert_eq!(v6.key(), "2001:db8:1:2::/64");
    /// let mapped = ClientAddr::new("::ffff:198.51.100.7".parse().unwrap());
    /// assert_eq!(mapped.key(), "198.51.100.7");
    /// ```
    pub fn key(&self) -> String {
        match self.0 {
            Some(IpAddr::V4(v4)) => v4.to_string(),
            Some(IpAddr::V6(v6)) => {
                let s = v6.segments();
                let network = Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{network}/64")
            }
            None => "unknown".to_owned(),
        }
    }
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<ClientAddr, Infallible> {
        let peer = ConnectInfo::<SocketAddr>::from_request_parts(parts, state)
            .await
            .ok()
            .map(|ConnectInfo(addr)| addr.ip());
        Ok(ClientAddr::from_request(
            &parts.headers,
            peer,
            &state.config.proxy,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    const PEER: &str = "192.0.2.1";

    fn client(lines: &[(&str, &str)], proxy: &TrustedProxy) -> String {
        let mut headers = HeaderMap::new();
        for (name, value) in lines {
            headers.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        ClientAddr::from_request(&headers, Some(PEER.parse().unwrap()), proxy).key()
    }

    fn xff(hops: usize) -> TrustedProxy {
        TrustedProxy::header(HeaderName::from_static("x-forwarded-for"), hops)
    }

    #[test]
    fn without_a_trusted_proxy_headers_change_nothing() {
        let none = TrustedProxy::default();
        for header in [
            "x-forwarded-for",
            "x-real-ip",
            "forwarded",
            "true-client-ip",
        ] {
            assert_eq!(client(&[(header, "203.0.113.9")], &none), PEER, "{header}");
        }
    }

    #[test]
    fn the_trusted_hop_counts_from_the_right() {
        let one = xff(1);
        assert_eq!(
            client(&[("x-forwarded-for", "203.0.113.9")], &one),
            "203.0.113.9"
        );
        // Whatever the client sent stands left of what the proxy appended.
        let spoofed = [("x-forwarded-for", "10.9.9.9, 198.51.100.4, 203.0.113.9")];
        assert_eq!(client(&spoofed, &one), "203.0.113.9");
        assert_eq!(client(&spoofed, &xff(2)), "198.51.100.4");
        // A second header line continues the list (HAProxy's `option forwardfor`).
        let lines = [
            ("x-forwarded-for", "10.9.9.9"),
            ("x-forwarded-for", "203.0.113.9"),
        ];
        assert_eq!(client(&lines, &one), "203.0.113.9");
        // Ports and brackets, as some proxies write them.
        assert_eq!(
            client(&[("x-forwarded-for", "203.0.113.9:5123")], &one),
            "203.0.113.9"
        );
        assert_eq!(
            client(&[("x-forwarded-for", "[2001:db8::9]:443")], &one),
            "2001:db8::/64"
        );
    }

    #[test]
    fn missing_short_or_unreadable_headers_fall_back_to_the_peer() {
        let two = xff(2);
        assert_eq!(client(&[], &two), PEER);
        assert_eq!(client(&[("x-forwarded-for", "203.0.113.9")], &two), PEER);
        assert_eq!(client(&[("x-forwarded-for", "unknown")], &xff(1)), PEER);
        assert_eq!(client(&[("x-forwarded-for", "")], &xff(1)), PEER);
    }

    #[test]
    fn forwarded_and_x_real_ip() {
        let forwarded = TrustedProxy::header(HeaderName::from_static("forwarded"), 1);
        let value = "for=10.9.9.9;proto=https, for=\"[2001:db8:cafe::17]:4711\";by=203.0.113.43";
        assert_eq!(
            client(&[("forwarded", value)], &forwarded),
            "2001:db8:cafe::/64"
        );
        assert_eq!(
            client(&[("forwarded", "proto=https;For=198.51.100.4")], &forwarded),
            "198.51.100.4"
        );
        let real_ip = TrustedProxy::header(HeaderName::from_static("x-real-ip"), 1);
        assert_eq!(
            client(&[("x-real-ip", "198.51.100.4")], &real_ip),
            "198.51.100.4"
        );
    }

    #[test]
    fn an_ipv6_client_is_its_64() {
        let a = ClientAddr::new("2001:db8:1:2:aaaa:bbbb:cccc:dddd".parse().unwrap());
        let b = ClientAddr::new("2001:db8:1:2::1".parse().unwrap());
        let c = ClientAddr::new("2001:db8:1:3::1".parse().unwrap());
        assert_eq!(a.key(), b.key());
        assert_ne!(a.key(), c.key());
        assert_eq!(ClientAddr::unknown().key(), "unknown");
        assert_eq!(ClientAddr::new("::1".parse().unwrap()).key(), "::/64");
    }
}
