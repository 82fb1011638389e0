//! RFC 8785 JSON Canonicalization Scheme for `serde_json` values.
//!
//! Objects have their members sorted by the UTF-16 code units of their names, there is
//! no whitespace, strings use only the escapes `JSON.stringify` uses, and numbers are
//! written as ECMAScript's `Number.prototype.toString` writes them (via `ryu-js`).

use std::fmt::{self, Write};

use serde_json::{Map, Number, Value};

/// Largest integer every JSON implementation reads exactly (I-JSON, RFC 7493 §2.2).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// A value JCS cannot represent exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CanonicalJsonError {
    /// An integer beyond ±(2⁵³ − 1), which an IEEE double cannot hold exactly.
    UnsafeInteger(String),
}

impl fmt::Display for CanonicalJsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CanonicalJsonError::UnsafeInteger(n) => {
                write!(f, "the integer {n} is beyond ±(2^53 - 1)")
            }
        }
    }
}

impl std::error::Error for CanonicalJsonError {}

/// The RFC 8785 canonical text of `value`.
///
/// ```
/// use porchlight_domain::public_log::canonical_json;
/// use serde_json::json;
/// let value = json!({"b": [1.0, 1e21, 0.000001, -0.0], "a": "é\n", "€": null, "\r": true});
/// assert_eq!(canonical_json(&value).unwrap(), r#"{"\r":true,"a":"é\n","b":[1,1e+21,0.000001,0],"€":null}"#);
/// ```
pub fn canonical_json(value: &Value) -> Result<String, CanonicalJsonError> {
    let mut out = String::new();
    write_value(&mut out, value)?;
    Ok(out)
}

fn write_value(out: &mut String, value: &Value) -> Result<(), CanonicalJsonError> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(out, n)?,
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item)?;
            }
            out.push(']');
        }
        Value::Object(members) => write_object(out, members)?,
    }
    Ok(())
}

fn write_object(out: &mut String, members: &Map<String, Value>) -> Result<(), CanonicalJsonError> {
    let mut sorted: Vec<(&String, &Value)> = members.iter().collect();
    // UTF-16 order differs from UTF-8 byte order only above U+FFFF vs U+E000–U+FFFF.
    sorted.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
    out.push('{');
    for (i, (name, value)) in sorted.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(out, name);
        out.push(':');
        write_value(out, value)?;
    }
    out.push('}');
    Ok(())
}

fn write_number(out: &mut String, n: &Number) -> Result<(), CanonicalJsonError> {
    if let Some(u) = n.as_u64() {
        if u > MAX_SAFE_INTEGER {
            return Err(CanonicalJsonError::UnsafeInteger(u.to_string()));
        }
        let _ = write!(out, "{u}");
    } else if let Some(i) = n.as_i64() {
        if i.unsigned_abs() > MAX_SAFE_INTEGER {
            return Err(CanonicalJsonError::UnsafeInteger(i.to_string()));
        }
        let _ = write!(out, "{i}");
    } else {
        // serde_json never holds NaN or infinities, so the float is finite.
        let f = n.as_f64().unwrap_or_default();
        let mut buffer = ryu_js::Buffer::new();
        out.push_str(buffer.format_finite(f));
    }
    Ok(())
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0C}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c < ' ' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// RFC 8785 Appendix B: IEEE 754 doubles (as bit patterns) and their canonical text.
    #[test]
    fn numbers_match_rfc_8785_appendix_b() {
        let cases: [(u64, &str); 15] = [
            (0x0000000000000000, "0"),
            (0x8000000000000000, "0"),
            (0x0000000000000001, "5e-324"),
            (0x8000000000000001, "-5e-324"),
            (0x7fefffffffffffff, "1.7976931348623157e+308"),
            (0xffefffffffffffff, "-1.7976931348623157e+308"),
            (0x4340000000000000, "9007199254740992"),
            (0xc340000000000000, "-9007199254740992"),
            (0x4430000000000000, "295147905179352830000"),
            (0x44b52d02c7e14af5, "9.999999999999997e+22"),
            (0x44b52d02c7e14af6, "1e+23"),
            (0x44b52d02c7e14af7, "1.0000000000000001e+23"),
            (0x444b1ae4d6e2ef4e, "999999999999999700000"),
            (0x3eb0c6f7a0b5ed8d, "0.000001"),
            (0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"),
        ];
        for (bits, expected) in cases {
            let value = Value::from(f64::from_bits(bits));
            assert_eq!(canonical_json(&value).unwrap(), expected, "bits {bits:016x}");
        }
    }

    /// RFC 8785 §3.2.2's sample, minus the `\u20ac`/emoji name keys which §3.2.3 covers.
    #[test]
    fn the_rfc_sample_canonicalises_as_published() {
        let input: Value = serde_json::from_str(
            r#"{ "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
                 "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
                 "literals": [null, true, false] }"#,
        )
        .unwrap();
        assert_eq!(
            canonical_json(&input).unwrap(),
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\
             \"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}"
        );
    }

    /// RFC 8785 §3.2.3: names sorted by UTF-16 code units, not by UTF-8 bytes.
    #[test]
    fn names_sort_by_utf16_code_units() {
        let input: Value = serde_json::from_str(
            r#"{"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
                "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis"}"#,
        )
        .unwrap();
        let text = canonical_json(&input).unwrap();
        let order: Vec<&str> = ["\\r", "1", "\u{80}", "ö", "€", "😀", "\u{fb33}"].to_vec();
        let positions: Vec<usize> =
            order.iter().map(|k| text.find(&format!("\"{k}\":")).unwrap()).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    }

    #[test]
    fn unsafe_integers_are_refused_and_safe_ones_kept() {
        assert_eq!(canonical_json(&json!(9007199254740991u64)).unwrap(), "9007199254740991");
        assert_eq!(canonical_json(&json!(-9007199254740991i64)).unwrap(), "-9007199254740991");
        assert!(canonical_json(&json!(9007199254740992u64)).is_err());
        assert!(canonical_json(&json!([{"a": -9007199254740992i64}])).is_err());
    }

    #[test]
    fn canonical_text_parses_back_to_the_same_value() {
        let value =
            json!({"z": [1.5, -122.680123, 45.515], "a": {"c": "x\u{7f}\u{1f}y", "b": null}});
        let text = canonical_json(&value).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), value);
        assert_eq!(
            text,
            "{\"a\":{\"b\":null,\"c\":\"x\u{7f}\\u001fy\"},\"z\":[1.5,-122.680123,45.515]}"
        );
    }
}
