//! The loader in Trunk.toml (`pattern_script`) picks which of the four wasm builds a
//! path starts, from a table of paths written by hand; the app's routes live in
//! src/routes.rs (the patterns) and src/app.rs (which page each shows, and which are
//! the staff pages only the whole app has). This test runs the loader's own script on
//! the path of every route the app has and checks it starts the build that can show
//! that page, and that every path in the loader's table is such a route: a route added,
//! renamed or moved between builds on one side only fails here.
//!
//! - `/` (the route of `NeighbourhoodMapPage`, all that `MapApp` shows) → the map build;
//! - a footage route (`view=staff.…` that `ResponsesApp` sets to a `footage::` page)
//!   → the footage build;
//! - any other staff route (`view=staff.…`: the public build only reloads into the
//!   whole app there) → the whole app;
//! - every other route, and any other path (the not-found page) → the public build.
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const TRUNK_TOML: &str = include_str!("../Trunk.toml");
const APP_RS: &str = include_str!("../src/app.rs");
const ROUTES_RS: &str = include_str!("../src/routes.rs");

/// Which wasm build a path needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Build {
    Map,
    Public,
    Whole,
    Footage,
}

impl Build {
    /// The JS file the loader imports for it (Trunk's `{base}` being `/`).
    fn js(self) -> &'static str {
        match self {
            Build::Map => "/porchlight-map-0123abcd.js",
            Build::Public => "/porchlight-public.js",
            Build::Whole => "/porchlight-app.js",
            Build::Footage => "/porchlight-responses.js",
        }
    }

    fn wasm(self) -> &'static str {
        match self {
            Build::Map => "/porchlight-map-0123abcd_bg.wasm",
            Build::Public => "/porchlight-public_bg.wasm",
            Build::Whole => "/porchlight-app_bg.wasm",
            Build::Footage => "/porchlight-responses_bg.wasm",
        }
    }
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(&text[from..to])
}

/// The loader: the first `<script>` of Trunk.toml's `pattern_script`, with Trunk's
/// placeholders filled in as for a build served at `/`.
fn loader_script() -> String {
    let pattern = between(TRUNK_TOML, "pattern_script = \"\"\"", "\"\"\"").expect("Trunk.toml has a pattern_script");
    let script = between(pattern, "<script>", "</script>").expect("pattern_script starts with a classic <script>");
    script
        .replace("{base}", "/")
        .replace("{js}", "porchlight-map-0123abcd.js")
        .replace("{wasm}", "porchlight-map-0123abcd_bg.wasm")
}

/// Runs the loader for `path` (a fake `location`, `document`, `window` and `fetch`; the
/// real `localStorage` and `navigator`) and returns what it set on `window` and the
/// fake `document`, whose `links` are the hrefs of the links it added to `<head>` and
/// the URLs it fetched.
fn run_loader(path: &str) -> (JsValue, JsValue) {
    let run = js_sys::Function::new_with_args("location, document, window, fetch", &loader_script());
    let location = js_sys::Object::new();
    js_sys::Reflect::set(&location, &"pathname".into(), &path.into()).unwrap();
    let document = js_sys::Function::new_no_args(
        "const links = []; return { links, createElement: () => ({}), head: { append: (l) => links.push(l.href) }, \
         documentElement: {}, addEventListener: () => {} };",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    let window = js_sys::Object::new();
    let fetch = js_sys::Function::new_with_args(
        "url",
        "this.links.push(url); return Promise.resolve({ ok: true, json: () => ({ [url]: 'text' }) });",
    )
    .bind0(&document);
    run.apply(&JsValue::NULL, &js_sys::Array::of4(&location, &document, &window, &fetch)).unwrap();
    (window.into(), document)
}

/// Runs the loader for `path` and returns the build it starts.
fn loader_build(path: &str) -> Build {
    let (window, _) = run_loader(path);
    let started = js_sys::Reflect::get(&window, &"porchlightBuild".into()).unwrap();
    let file = |key: &str| js_sys::Reflect::get(&started, &key.into()).unwrap().as_string().unwrap();
    let (js, wasm) = (file("js"), file("wasm"));
    let build = [Build::Map, Build::Public, Build::Whole, Build::Footage]
        .into_iter()
        .find(|b| b.js() == js)
        .unwrap_or_else(|| panic!("the loader starts {js:?} on {path}"));
    assert_eq!(wasm, build.wasm(), "the loader's JS and wasm on {path} are of different builds");
    build
}

/// `fn name() -> … { path!("/pattern") }` of src/routes.rs, by name.
fn route_patterns() -> BTreeMap<&'static str, &'static str> {
    ROUTES_RS
        .split("pub fn ")
        .skip(1)
        .filter_map(|item| {
            let name = item.split('(').next()?;
            let body = item.split("\npub ").next()?;
            Some((name, between(body, "path!(\"", "\")")?))
        })
        .collect()
}

/// Every `<Route path=routes::name() view=…/>` of src/app.rs: `(pattern, view)`.
fn app_routes() -> Vec<(&'static str, &'static str)> {
    let patterns = route_patterns();
    let routes: Vec<_> = APP_RS
        .split("<Route path=routes::")
        .skip(1)
        .map(|route| {
            let name = route.split("()").next().unwrap();
            let view = between(route, " view=", "/>").unwrap_or_else(|| panic!("no view for {name}")).trim();
            let pattern =
                patterns.get(name).unwrap_or_else(|| panic!("routes::{name} is not a path!() in src/routes.rs"));
            (*pattern, view)
        })
        .collect();
    assert_eq!(routes.len(), patterns.len(), "src/routes.rs and the <Route>s of src/app.rs differ: {patterns:?}");
    routes
}

/// The fields of `StaffPages` that `ResponsesApp` shows itself (`field: footage::…`):
/// the footage build's pages.
fn footage_fields() -> Vec<&'static str> {
    let root = between(APP_RS, "pub fn ResponsesApp()", "\n}").expect("ResponsesApp in src/app.rs");
    root.lines()
        .filter_map(|line| {
            let (field, value) = line.trim().split_once(": ")?;
            value.starts_with("footage::").then_some(field)
        })
        .collect()
}

/// The build the app needs on a route showing `view`.
fn needed(view: &str) -> Build {
    if view == "NeighbourhoodMapPage" {
        Build::Map
    } else if let Some(field) = view.strip_prefix("staff.") {
        if footage_fields().contains(&field) {
            Build::Footage
        } else {
            Build::Whole
        }
    } else {
        Build::Public
    }
}

#[wasm_bindgen_test]
fn the_footage_build_is_the_footage_pages() {
    assert_eq!(footage_fields(), ["share_footage", "my_responses", "agency_responses", "agency_keys"]);
    // The whole app and the public build hand those pages over (the whole app shows
    // them only with the `responses` feature, which its Trunk build leaves out).
    let whole = between(APP_RS, "pub fn App()", "\n}").expect("App in src/app.rs");
    let public = between(APP_RS, "pub fn PublicApp()", "\n}").expect("PublicApp in src/app.rs");
    for field in footage_fields() {
        assert!(whole.contains(&format!("{field}: footage::{field},")), "{whole}");
        assert!(public.contains(&format!("{field}: || view! {{ <LoadBuildOfPage")), "{public}");
    }
    let index = include_str!("../index.html");
    let link = |bin: &str| {
        index.lines().find(|l| l.contains(&format!("data-bin=\"{bin}\""))).unwrap_or_else(|| panic!("{bin}"))
    };
    assert!(link("porchlight-app").contains("data-cargo-no-default-features"), "the whole app carries the cipher");
    assert!(!link("porchlight-responses").contains("data-cargo-no-default-features"));
}

/// A path the pattern matches (`:id` → `12`, any other parameter → `demo-city-police`).
fn sample(pattern: &str) -> String {
    pattern
        .split('/')
        .map(|s| match s.strip_prefix(':') {
            Some("id") => "12",
            Some(_) => "demo-city-police",
            None => s,
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[wasm_bindgen_test]
fn the_map_build_is_the_map_page_alone() {
    let map_app = between(APP_RS, "pub fn MapApp()", "\n}").expect("MapApp in src/app.rs");
    assert!(map_app.contains("<NeighbourhoodMapPage/>"), "{map_app}");
    let maps: Vec<_> = app_routes().into_iter().filter(|(_, view)| needed(view) == Build::Map).collect();
    assert_eq!(maps, [("/", "NeighbourhoodMapPage")]);
}

#[wasm_bindgen_test]
fn the_loader_starts_the_build_each_route_needs() {
    let routes = app_routes();
    assert!(routes.len() >= 11, "{routes:?}");
    for (pattern, view) in &routes {
        let path = sample(pattern);
        assert_eq!(loader_build(&path), needed(view), "{path} ({pattern}, {view})");
    }
    // Anything else is the public build's not-found page.
    for path in [
        "/no/such/page",
        "/requests",
        "/submissions/12/history",
        "/moderation/queue/old",
        "/agencies/x/y",
        "/requests//share",
        "/requests/12/share/x",
        "/agencies/x/keys/old",
        "/me",
        "/me/responses/3",
    ] {
        assert_eq!(loader_build(path), Build::Public, "{path}");
    }
}

#[wasm_bindgen_test]
fn every_path_in_the_loaders_table_is_a_route_of_that_build() {
    let routes = app_routes();
    let script = loader_script();
    let table = between(&script, "const builds = {", "};").expect("the loader's `builds` table");
    let keys: Vec<&str> = table.lines().filter_map(|line| between(line.trim(), "'", "':")).collect();
    assert!(keys.len() >= 2, "{table}");
    for key in keys {
        let route = routes.iter().find(|(pattern, _)| *pattern == key);
        let (_, view) = route.unwrap_or_else(|| panic!("the loader's table has {key}, which is no route of the app"));
        assert_eq!(loader_build(key), needed(view), "{key}");
    }
    // Patterns (a route with parameters, `*` for each) name a route of their build.
    for (list, build, at_least) in [("wholePatterns", Build::Whole, 1), ("footagePatterns", Build::Footage, 3)] {
        let patterns = between(&script, &format!("const {list} = ["), "];").expect(list);
        let patterns: Vec<&str> = patterns.split(',').map(|p| p.trim().trim_matches('\'')).collect();
        assert!(patterns.len() >= at_least, "{patterns:?}");
        for pattern in patterns {
            let matching: Vec<_> = routes
                .iter()
                .filter(|(route, _)| {
                    let (a, b): (Vec<_>, Vec<_>) = (route.split('/').collect(), pattern.split('/').collect());
                    a.len() == b.len()
                        && a.iter().zip(&b).all(|(r, p)| if *p == "*" { r.starts_with(':') } else { r == p })
                })
                .collect();
            assert!(
                matching.len() == 1 && needed(matching[0].1) == build,
                "the loader sends {pattern} to {build:?}: {matching:?}"
            );
        }
    }
}

/// The language the loader starts in, `<html lang>` as it set it, and the text files it
/// fetches, on `path` with `stored` as the reader's remembered choice; and the keys of
/// the text it hands the app (`window.porchlightText`: the files merged).
async fn loader_language(path: &str, stored: Option<&str>) -> (String, String, Vec<String>, Vec<String>) {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    match stored {
        Some(lang) => storage.set_item("porchlight.lang", lang).unwrap(),
        None => storage.remove_item("porchlight.lang").unwrap(),
    }
    let (window, document) = run_loader(path);
    storage.remove_item("porchlight.lang").unwrap();
    let get = |object: &JsValue, key: &str| js_sys::Reflect::get(object, &key.into()).unwrap();
    let lang = get(&get(&window, "porchlightBuild"), "lang").as_string().unwrap();
    let html_lang = get(&get(&document, "documentElement"), "lang").as_string().unwrap();
    let links: js_sys::Array = get(&document, "links").into();
    let fetched = links.iter().filter_map(|l| l.as_string()).filter(|l| l.contains("/locales/")).collect();
    let text =
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(get(&window, "porchlightText"))).await.unwrap();
    let keys = js_sys::Object::keys(&text.into()).iter().filter_map(|k| k.as_string()).collect();
    (lang, html_lang, fetched, keys)
}

#[wasm_bindgen_test]
async fn the_loader_fetches_the_text_of_the_readers_language_only() {
    let files = |lang: &str, parts: &[&str]| -> Vec<String> {
        parts.iter().map(|p| format!("/locales/{lang}/{p}.json")).collect()
    };
    // The test browser prefers English; a remembered choice wins over it.
    let english = web_sys::window().unwrap().navigator().language().unwrap_or_default();
    assert!(english.starts_with("en"), "{english}");
    let en = files("en", &["map"]);
    assert_eq!(loader_language("/", None).await, ("en".into(), "en".into(), en.clone(), en));
    let es = files("es", &["map"]);
    assert_eq!(loader_language("/", Some("es")).await, ("es".into(), "es".into(), es.clone(), es));
    // The other builds show other pages: their text too.
    let es = files("es", &["map", "pages"]);
    assert_eq!(loader_language("/agencies", Some("es")).await, ("es".into(), "es".into(), es.clone(), es));
    // A choice the app does not have falls back to the browser's language.
    assert_eq!(loader_language("/", Some("fr")).await.0, "en");
}
