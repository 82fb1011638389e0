//! The Atom feeds' and the alert emails' words in the reader's language:
//! `locales/{lang}/feeds.json` and `locales/{lang}/emails.json` (the app's translation
//! files, checked for parity by `scripts/check-i18n.mjs`), plus the incident types'
//! names and the area's units from the app's `map.json`, so a feed or an email names
//! things as the app does. A feed's language is `?lang=` when given, else the best of
//! `Accept-Language` the app has, else English; an email's is its subscription's.

use std::collections::HashMap;
use std::sync::OnceLock;

use porchlight_domain::{area_decimals, RequestLanguage, SQUARE_MILE_M2};
use serde::Deserialize;

/// A language the feeds and emails are written in (the app's languages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedLang {
    En,
    Es,
}

impl FeedLang {
    /// The BCP 47 code, as `xml:lang` carries it.
    pub fn code(self) -> &'static str {
        match self {
            FeedLang::En => "en",
            FeedLang::Es => "es",
        }
    }

    /// The reader's language: the supported language `Accept-Language` weighs highest
    /// (RFC 9110 §12.5.4; the first on a tie), English when it names none of them.
    pub fn negotiate(accept_language: Option<&str>) -> FeedLang {
        let mut best: Option<(f32, FeedLang)> = None;
        for range in accept_language.unwrap_or_default().split(',') {
            let mut fields = range.split(';');
            let tag = fields.next().unwrap_or_default().trim();
            let weight = fields
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag
                .split('-')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            let lang = match primary.as_str() {
                "en" => FeedLang::En,
                "es" => FeedLang::Es,
                _ => continue,
            };
            if weight > 0.0 && best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, lang));
            }
        }
        best.map_or(FeedLang::En, |(_, lang)| lang)
    }

    /// The text of `key` with each `{name}` replaced by its value.
    pub fn text(self, key: &str, args: &[(&str, &str)]) -> String {
        let mut text = texts(self)
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_owned());
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// An area as the app writes it: square miles (three decimals under 0.1) and km².
    pub fn area_text(self, m2: f64) -> String {
        let digits = area_decimals(m2);
        self.text(
            "area.text",
            &[
                ("sq_mi", &format!("{:.digits$}", m2 / SQUARE_MILE_M2)),
                ("km2", &format!("{:.digits$}", m2 / 1_000_000.0)),
            ],
        )
    }

    /// An incident type's name, as the app names it (the code itself if unknown).
    pub fn incident_name(self, incident_type: &str) -> String {
        self.text(&format!("incident.{incident_type}"), &[])
    }
}

impl From<RequestLanguage> for FeedLang {
    fn from(language: RequestLanguage) -> FeedLang {
        match language {
            RequestLanguage::En => FeedLang::En,
            RequestLanguage::Es => FeedLang::Es,
        }
    }
}

type Texts = HashMap<String, String>;

/// Every key of a language's `feeds.json`, `emails.json` and `map.json`, parsed once.
fn texts(lang: FeedLang) -> &'static Texts {
    static EN: OnceLock<Texts> = OnceLock::new();
    static ES: OnceLock<Texts> = OnceLock::new();
    let parse = |files: [&str; 3]| {
        files
            .iter()
            .flat_map(|json| {
                serde_json::from_str::<Texts>(json)
                    .expect("locales/*.json is checked by check-i18n")
            })
            .collect()
    };
    match lang {
        FeedLang::En => EN.get_or_init(|| {
            parse([
                include_str!("../../locales/en/feeds.json"),
                include_str!("../../locales/en/emails.json"),
                include_str!("../../locales/en/map.json"),
            ])
        }),
        FeedLang::Es => ES.get_or_init(|| {
            parse([
                include_str!("../../locales/es/feeds.json"),
                include_str!("../../locales/es/emails.json"),
                include_str!("../../locales/es/map.json"),
            ])
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::FeedLang;

    #[test]
    fn the_highest_weighted_supported_language_wins() {
        assert_eq!(FeedLang::negotiate(None), FeedLang::En);
        assert_eq!(FeedLang::negotiate(Some("fr-FR, de")), FeedLang::En);
        assert_eq!(
            FeedLang::negotiate(Some("es-MX,es;q=0.9,en;q=0.8")),
            FeedLang::Es
        );
        assert_eq!(
            FeedLang::negotiate(Some("en;q=0.5, es-US;q=0.7")),
            FeedLang::Es
        );
        assert_eq!(
            FeedLang::negotiate(Some("fr, en-GB;q=0.4, es;q=0.4")),
            FeedLang::En
        );
        assert_eq!(FeedLang::negotiate(Some("es;q=0, en;q=0.1")), FeedLang::En);
    }

    #[test]
    fn every_key_the_feeds_use_has_text_in_both_languages() {
        for lang in [FeedLang::En, FeedLang::Es] {
            for key in [
                "atom.title.all",
                "atom.title.box",
                "atom.title.agency",
                "atom.fact.agency",
                "atom.fact.case",
                "atom.fact.incident",
                "atom.fact.time_frame",
                "atom.fact.area",
                "atom.resolved.title",
                "atom.resolved.by",
                "atom.resolved.note",
                "atom.resolved.no_note",
                "incident.burglary",
                "area.text",
            ] {
                assert_ne!(lang.text(key, &[]), key, "{key} in {lang:?}");
            }
        }
        assert_eq!(
            FeedLang::Es.text("atom.fact.case", &[("case", "24-0117")]),
            "Número de caso: 24-0117"
        );
    }
}
