use argon2::password_hash::rand_core::RngCore;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use std::sync::LazyLock;

/// At most this many hashes run at once: each takes 19 MiB and a core for a while, so a
/// burst of sign-ins waits its turn instead of exhausting memory.
static HASHING: LazyLock<tokio::sync::Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    tokio::sync::Semaphore::new(cores.max(2))
});

/// Runs CPU-heavy hashing work on the blocking pool, a few at a time.
async fn run_hashing<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    let _permit = HASHING.acquire().await.map_err(|e| e.to_string())?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| e.to_string())
}

/// Hashes a password with argon2id (the crate's defaults: 19 MiB, 2 passes, OWASP's
/// recommendation) and a random salt, as a PHC string. CPU-heavy: runs on the blocking pool.
pub async fn hash_password(password: &str) -> Result<String, String> {
    let password = password.to_owned();
    run_hashing(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| e.to_string())
    })
    .await?
}

/// A hash of a random password, verified against when the account does not exist so
/// that both cases take as long.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    let mut random = [0u8; 16];
    OsRng.fill_bytes(&mut random);
    Argon2::default()
        .hash_password(&random, &salt)
        .map(|h| h.to_string())
        .unwrap_or_default()
});

/// Whether `password` matches the PHC string `hash`; false for a malformed hash, and
/// false (after the same work) when there is no hash.
pub async fn verify_password(hash: Option<&str>, password: &str) -> bool {
    let (hash, password) = (hash.map(str::to_owned), password.to_owned());
    run_hashing(move || {
        let exists = hash.is_some();
        let hash = hash.unwrap_or_else(|| DUMMY_HASH.clone());
        let matches = PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        exists && matches
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_salted_and_verify() {
        let a = hash_password("correct horse battery").await.unwrap();
        let b = hash_password("correct horse battery").await.unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "salted");
        assert!(verify_password(Some(&a), "correct horse battery").await);
        assert!(!verify_password(Some(&a), "correct horse batterY").await);
        assert!(!verify_password(Some("not a hash"), "x").await);
        assert!(!verify_password(None, "correct horse battery").await);
    }
}
