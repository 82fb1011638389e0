//! The reader's language (English or Spanish) and the app's text in it. How to use it:
//! docs/i18n.md.
//!
//! Text lives in `locales/{lang}/{part}.json`, flat objects of key → text, and only the
//! language in use is downloaded: the loader in `Trunk.toml` picks the language and
//! starts fetching its files beside the wasm; [`I18n::start`] fetches them again (from
//! that preload) and renders the app once they are in. `map.json` is what the map
//! page's build shows (its first load), `pages.json` every other page.
//!
//! Plural forms and numbers come from the browser's `Intl` (`PluralRules`,
//! `NumberFormat`) in the language's locale, and dates follow it too
//! ([`crate::format::Zone::reader`]). No text crate: measured on the map page's build,
//! fluent-bundle cost 23 KiB brotli and leptos_i18n 18 KiB, against a budget of 3 KiB
//! for all of this (README, "Languages").

use std::cell::RefCell;

use js_sys::{Array, Intl, Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

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

    /// The language of a BCP 47 tag (`es-MX` → Spanish), if the app has it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let bytes = tag.as_bytes();
        if bytes.len() > 2 && !matches!(bytes[2], b'-' | b'_') {
            return None;
        }
        Lang::ALL.into_iter().find(|l| tag.get(..2).is_some_and(|p| p.eq_ignore_ascii_case(l.code())))
    }
}

/// Where the reader's choice is kept (the loader in `Trunk.toml` reads it too).
pub const STORAGE_KEY: &str = "porchlight.lang";

/// The `id` of the language menu in the header.
pub const SWITCHER_ID: &str = "language-select";

/// The text files of the map page's build.
pub const MAP_PARTS: &[&str] = &["map"];
/// The text files of every other build.
pub const ALL_PARTS: &[&str] = &["map", "pages"];

/// The language in use, its `Intl` locale and its text (the parts in use, merged).
struct Current {
    lang: Lang,
    locale: String,
    text: Object,
}

thread_local! {
    static CURRENT: RefCell<Option<Current>> = const { RefCell::new(None) };
    /// Every file loaded so far: (language, part, its object).
    static LOADED: RefCell<Vec<(Lang, &'static str, Object)>> = const { RefCell::new(Vec::new()) };
}

/// The language to start in: the reader's earlier choice, else the first of the
/// browser's languages the app has, else English.
pub fn preferred() -> Lang {
    let window = window();
    let stored = window.local_storage().ok().flatten().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    stored
        .as_deref()
        .and_then(Lang::from_tag)
        .or_else(|| browser_tags().iter().find_map(|t| Lang::from_tag(t)))
        .unwrap_or(Lang::En)
}

fn browser_tags() -> Vec<String> {
    window().navigator().languages().iter().filter_map(|v| v.as_string()).collect()
}

/// The `Intl` locale for `lang`: the browser's own tag for it when it names a region
/// (`es-MX`), else the US one (`es-US` writes 0.5, not 0,5, as residents here expect).
fn intl_locale(lang: Lang) -> String {
    browser_tags()
        .into_iter()
        .find(|t| t.contains('-') && Lang::from_tag(t) == Some(lang))
        .unwrap_or_else(|| format!("{}-US", lang.code()))
}

/// Keeps a loaded file (also how the component tests install the real files).
pub fn insert(lang: Lang, part: &'static str, text: Object) {
    LOADED.with_borrow_mut(|loaded| {
        loaded.retain(|(l, p, _)| !(*l == lang && *p == part));
        loaded.push((lang, part, text));
    });
}

fn loaded(lang: Lang, part: &str) -> Option<Object> {
    LOADED.with_borrow(|loaded| loaded.iter().find(|(l, p, _)| *l == lang && *p == part).map(|(_, _, o)| o.clone()))
}

/// Fetches the files of `lang` that are not loaded yet (the same requests as the
/// loader's preloads, so the browser answers them from those).
async fn load(lang: Lang, parts: &'static [&'static str]) -> Result<(), JsValue> {
    for &part in parts {
        if loaded(lang, part).is_some() {
            continue;
        }
        let url = format!("/locales/{}/{part}.json", lang.code());
        let response: web_sys::Response = JsFuture::from(window().fetch_with_str(&url)).await?.unchecked_into();
        if !response.ok() {
            return Err(url.into());
        }
        insert(lang, part, JsFuture::from(response.json()?).await?.unchecked_into());
    }
    Ok(())
}

/// Makes `lang` the language of the text and of `<html lang>`, if its files are
/// loaded; false if not. ([`I18n`] does this; tests call it to show components alone.)
pub fn apply(lang: Lang, parts: &[&str]) -> bool {
    let text = Object::new();
    for part in parts {
        let Some(file) = loaded(lang, part) else { return false };
        Object::assign(&text, &file);
    }
    CURRENT.set(Some(Current { lang, locale: intl_locale(lang), text }));
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("lang", lang.code());
    }
    true
}

/// The app's language in context: which language the app is shown in, and switching.
#[derive(Clone, Copy)]
pub struct I18n {
    /// 0 until the first language is shown, then bumped at each switch.
    shown: RwSignal<u32>,
    parts: &'static [&'static str],
}

impl I18n {
    /// Starts in [`preferred`]: at once if its files are loaded, else once they are
    /// (English if they cannot be had). Provides itself as context.
    pub fn start(parts: &'static [&'static str]) -> I18n {
        let i18n = I18n { shown: RwSignal::new(0), parts };
        provide_context(i18n);
        let lang = preferred();
        if apply(lang, parts) {
            i18n.shown.set(1);
        } else {
            leptos::task::spawn_local(async move {
                let lang = match load(lang, parts).await {
                    Ok(()) => lang,
                    Err(e) => {
                        leptos::logging::warn!("the {} text could not load: {e:?}", lang.code());
                        let _ = load(Lang::En, parts).await;
                        Lang::En
                    }
                };
                // Without any text the keys show: still better than no page.
                apply(lang, parts);
                i18n.shown.set(1);
            });
        }
        i18n
    }

    /// The language the app is shown in; `None` until its text is in (tracked).
    pub fn lang(self) -> Option<Lang> {
        (self.shown.get() > 0).then(current_lang)
    }

    /// Switches to `lang` and remembers the choice: loads its text if needed, then
    /// the app renders anew in it (pages keep their state in the URL).
    pub fn switch(self, lang: Lang) {
        if let Ok(Some(storage)) = window().local_storage() {
            let _ = storage.set_item(STORAGE_KEY, lang.code());
        }
        let parts = self.parts;
        leptos::task::spawn_local(async move {
            if let Err(e) = load(lang, parts).await {
                leptos::logging::warn!("the {} text could not load: {e:?}", lang.code());
                return;
            }
            if apply(lang, parts) {
                self.shown.update(|n| *n += 1);
                // The header was rendered anew: keep keyboard focus on the switcher.
                request_animation_frame(|| {
                    if let Some(select) = document().get_element_by_id(SWITCHER_ID) {
                        let _ = select.unchecked_into::<web_sys::HtmlElement>().focus();
                    }
                });
            }
        });
    }
}

/// The [`I18n`] in context, if any.
pub fn use_i18n() -> Option<I18n> {
    use_context::<I18n>()
}

/// The language in use (English before any text is loaded).
pub fn current_lang() -> Lang {
    CURRENT.with_borrow(|c| c.as_ref().map(|c| c.lang)).unwrap_or(Lang::En)
}

/// The `Intl` locale of the language in use, `None` before any text is loaded.
pub fn current_locale() -> Option<String> {
    CURRENT.with_borrow(|c| c.as_ref().map(|c| c.locale.clone()))
}

fn lookup(key: &str) -> Option<String> {
    CURRENT.with_borrow(|c| {
        c.as_ref().and_then(|c| Reflect::get(&c.text, &JsValue::from_str(key)).ok()).and_then(|v| v.as_string())
    })
}

/// The text of `key` in the language in use; the key itself if there is none (the
/// check in scripts/check-i18n.mjs keeps that from shipping).
pub fn t(key: &str) -> String {
    lookup(key).unwrap_or_else(|| key.to_owned())
}

/// [`t`] with each `{name}` replaced by its value.
pub fn tf(key: &str, args: &[(&str, &str)]) -> String {
    fill(t(key), args)
}

/// `text` with each `{name}` of `args` replaced by its value (others left as they are).
fn fill(text: String, args: &[(&str, &str)]) -> String {
    if args.is_empty() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}');
        match close.and_then(|close| args.iter().find(|(name, _)| *name == &after[..close]).map(|a| (close, a.1))) {
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
        locales.push(&JsValue::from_str(&locale));
    }
    locales
}

/// The plural form of `key` for `n` (`key.one`, `key.other`, … as `Intl.PluralRules`
/// picks; `key.other` when the language has no such form), with `{n}` as [`number`]
/// and the other `{name}`s from `args`.
pub fn tn(key: &str, n: f64, args: &[(&str, &str)]) -> String {
    let category: String = Intl::PluralRules::new(&locales(), &Object::new()).select(n).into();
    let text = lookup(&format!("{key}.{category}"))
        .or_else(|| lookup(&format!("{key}.other")))
        .unwrap_or_else(|| key.to_owned());
    let n = number(n);
    let mut all = vec![("n", n.as_str())];
    all.extend_from_slice(args);
    fill(text, &all)
}

/// `n` written the language's way (`1,234.5`), through `Intl.NumberFormat`.
pub fn number(n: f64) -> String {
    number_with(n, 0, 3)
}

/// `n` with between `min` and `max` digits after the decimal point.
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

/// Sets the tab's title to the page's (`key`), and back to the app's name when the
/// page goes.
pub fn page_title(key: &'static str) {
    document().set_title(&tf("title.page", &[("page", &t(key))]));
    on_cleanup(|| document().set_title(&t("app.name")));
}
