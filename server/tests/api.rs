//! Server tests: the real router on a fresh temporary SQLite database per test.
//! One test binary (faster to link); its modules live in `tests/api/`.

#[path = "api/support.rs"]
mod support;

#[path = "api/skeleton.rs"]
mod skeleton;
