use axum::http::{header, HeaderMap, HeaderValue};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "porchlight_session";

/// `Set-Cookie` for a new session: HttpOnly, SameSite=Strict, Path=/, Secure on https.
pub fn session_cookie(token: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age_secs}{secure}"
    ))
    .expect("token is base64url")
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_session_cookie(secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{secure}"
    ))
    .expect("ASCII")
}

/// The session token from the request's `Cookie` headers, if any.
pub fn session_token_from_headers(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == SESSION_COOKIE && !value.is_empty())
        .map(|(_, value)| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; porchlight_session=abc; b=2"),
        );
        assert_eq!(session_token_from_headers(&headers).as_deref(), Some("abc"));
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("porchlight_session="),
        );
        assert_eq!(session_token_from_headers(&headers), None);
    }

    #[test]
    fn cookie_attributes() {
        let c = session_cookie("t", 60, true);
        assert_eq!(
            c,
            "porchlight_session=t; HttpOnly; SameSite=Strict; Path=/; Max-Age=60; Secure"
        );
        assert!(!session_cookie("t", 60, false)
            .to_str()
            .unwrap()
            .contains("Secure"));
    }
}
