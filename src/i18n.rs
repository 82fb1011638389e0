//! The reader's language (English or Spanish) and the app's text in it. How to use it:
//! docs/i18n.md.
//!
//! Text lives in `locales/{lang}/{part}.json`, flat objects of key → text, and only the
//! language in use is downloaded: the loader in `Trunk.toml` picks the language (the
//! reader's remembered choice, else the browser's), sets `<html lang>` and fetches that
//! language's files beside the wasm and hands them to the app, merged, as
//! `window.porchlightText` ([`start`], when the app shell renders). `map.json` is what
//! the map page's build shows (its first load), `pages.json` every other page.
//!
//! Plural forms and numbers come from the browser's `Intl` (`PluralRules`,
//! `NumberFormat`) in the language's locale, and dates follow it too
//! ([`crate::format::Zone::reader`]). No text crate: measured on the map page's build,
//! fluent-bundle cost 23 KiB brotli and leptos_i18n 18 KiB, against a budget of 3 KiB
//! for all of this (README, "Languages").

use std::cell::RefCell;

use js_sys::{Array, Function, Intl, Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// A language of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
}

impl Lang {
    /// Every language, in the switcher's order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Es];

    /// The BCP 47 code, as in `<html lang>` and the `locales/` folder names.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    /// The locale `Intl` writes dates and numbers in: the US one (`es-US` writes 0.5,
    /// not 0,5, as Spanish speakers here expect).
    pub fn intl_locale(self) -> &'static str {
        match self {
            Lang::En => "en-US",
            Lang::Es => "es-US",
        }
    }

    /// The language of a BCP 47 tag (`es-MX` → Spanish), if the app has it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let bytes = tag.as_bytes();
        if bytes.len() > 2 && !matches!(bytes[2], b'-' | b'_') {
            return None;
        }
        Lang::ALL.into_iter().find(|l| tag.get(..2).is_some_and(|p| p.eq_ignore_ascii_case(l.code())))
    }
}

/// Where the reader's choice is kept (by the loader in `Trunk.toml`, which reads it).
pub const STORAGE_KEY: &str = "porchlight.lang";

/// The `id` of the language switch in the header (the loader focuses it again after a
/// switch).
pub const SWITCHER_ID: &str = "language-select";

/// The language in use and its text (the loader's object: key → text).
struct Current {
    lang: Lang,
    text: Object,
}

thread_local! {
    static CURRENT: RefCell<Option<Current>> = const { RefCell::new(None) };
}

/// Shows `text` (a file's object, or several merged) as the text of `lang`, and sets
/// `<html lang>`. (The component tests install the real files with it.)
pub fn set_text(lang: Lang, text: Object) {
    CURRENT.set(Some(Current { lang, text }));
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("lang", lang.code());
    }
}

/// Takes the text the loader fetched (`window.porchlightText`, in the language of
/// `<html lang>`), unless some is shown already: the app shell calls it before it
/// renders. Without it (no loader), the keys show.
pub fn start() {
    if CURRENT.with_borrow(Option::is_some) {
        return;
    }
    let html_lang = document().document_element().and_then(|html| html.get_attribute("lang"));
    let lang = if html_lang.as_deref() == Some("es") { Lang::Es } else { Lang::En };
    let text = Reflect::get(&window(), &"porchlightText".into()).ok().and_then(|t| t.dyn_into::<Object>().ok());
    set_text(lang, text.unwrap_or_default());
}

/// Switches to `lang` for good: the loader's `window.porchlightSwitch` remembers the
/// choice and loads the page again in it (the page's state is in its URL), with focus
/// back on the menu.
pub fn switch(lang: Lang) {
    if let Ok(switch) = Reflect::get(&window(), &"porchlightSwitch".into()).and_then(|f| f.dyn_into::<Function>()) {
        let _ = switch.call1(&JsValue::NULL, &lang.code().into());
    }
}

/// The language in use (English before any text is shown).
#[inline(never)]
pub fn current_lang() -> Lang {
    CURRENT.with_borrow(|c| c.as_ref().map(|c| c.lang)).unwrap_or(Lang::En)
}

/// The `Intl` locale of the language in use, `None` before any text is shown.
#[inline(never)]
pub fn current_locale() -> Option<&'static str> {
    CURRENT.with_borrow(|c| c.as_ref().map(|c| c.lang.intl_locale()))
}

#[inline(never)]
fn lookup(key: &str) -> Option<String> {
    CURRENT.with_borrow(|c| Reflect::get(&c.as_ref()?.text, &JsValue::from_str(key)).ok()?.as_string())
}

/// The text of `key` in the language in use; the key itself if there is none (the
/// check in scripts/check-i18n.mjs keeps that from shipping).
// One call per use, not the body inlined at each of them (the map page's size).
#[inline(never)]
pub fn t(key: &str) -> String {
    lookup(key).unwrap_or_else(|| key.to_owned())
}

/// [`t`] with each `{name}` replaced by its value.
#[inline(never)]
pub fn tf(key: &str, args: &[(&str, &str)]) -> String {
    fill(&t(key), args)
}

/// `text` with each `{name}` of `args` replaced by its value (others left as they are).
fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = after.find('}').and_then(|close| {
            let (_, value) = args.iter().find(|(name, _)| *name == &after[..close])?;
            Some((close, value))
        });
        match arg {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn locales() -> Array {
    let locales = Array::new();
    if let Some(locale) = current_locale() {
        locales.push(&JsValue::from_str(locale));
    }
    locales
}

/// The plural form of `key` for `n` (`key.one`, `key.other`, … as `Intl.PluralRules`
/// picks; `key.other` when the language has no such form), with `{n}` as [`number`]
/// and the other `{name}`s from `args`.
#[inline(never)]
pub fn tn(key: &str, n: f64, args: &[(&str, &str)]) -> String {
    let category: String = Intl::PluralRules::new(&locales(), &Object::new()).select(n).into();
    let other = format!("{key}.other");
    let text = lookup(&format!("{key}.{category}")).unwrap_or_else(|| t(&other));
    let n = number(n);
    let mut all = vec![("n", n.as_str())];
    all.extend_from_slice(args);
    fill(&text, &all)
}

/// `n` written the language's way (`1,234.5`), through `Intl.NumberFormat`.
pub fn number(n: f64) -> String {
    number_with(n, 0, 3)
}

/// `n` with between `min` and `max` digits after the decimal point.
#[inline(never)]
pub fn number_with(n: f64, min: u8, max: u8) -> String {
    let options = Object::new();
    let _ = Reflect::set(&options, &"minimumFractionDigits".into(), &min.into());
    let _ = Reflect::set(&options, &"maximumFractionDigits".into(), &max.into());
    Intl::NumberFormat::new(&locales(), &options)
        .format()
        .call1(&JsValue::UNDEFINED, &JsValue::from_f64(n))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| n.to_string())
}

/// Sets the tab's title to the page's (`key`: "… · Porchlight"), and back to the app's
/// name when the page goes.
pub fn page_title(key: &'static str) {
    document().set_title(&t(key));
    on_cleanup(|| document().set_title(&t("app.name")));
}
