//! The Porchlight single-page app.

mod app;

pub use app::App;
