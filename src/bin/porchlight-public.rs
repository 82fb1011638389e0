//! Entry point of the build for every page but the request form (see
//! `porchlight_app::PublicApp`).

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(porchlight_app::PublicApp);
}
