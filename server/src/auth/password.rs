use argon2::password_hash::rand_core::RngCore;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, LazyLock, Mutex};

use tokio::sync::{oneshot, Semaphore, TryAcquireError};

/// Runs argon2 work on threads of its own, `threads` hashes at a time, with at most
/// `queue` more waiting for a thread: past that, [`HashingError::Busy`] at once. Each
/// hash takes 19 MiB and a core for tens of milliseconds, so a flood of sign-ups or
/// sign-ins that merely queued would grow the wait (and the memory of the waiting
/// requests) without bound; refused early, the client hears "busy, retry in a
/// second" and everything else the server does keeps its share of the CPU.
///
/// The threads run at a lower priority than the request handlers ([`HASHING_NICE`],
/// on Linux): while a flood keeps them busy, a handler that wakes up (a reader's
/// feed request) gets a core at once instead of waiting for the hash's time slice to
/// end. Idle or not, they take every cycle nothing else wants, so a quiet server
/// hashes at full speed.
///
/// A hash runs to its end even when the request that asked for it is gone: the
/// thread's permit goes with the work, so the bound holds for the work itself, not
/// only for the requests waiting on it.
#[derive(Debug)]
pub struct HashingPool {
    permits: Arc<Semaphore>,
    /// To the hashing threads; they stop when the pool is dropped.
    jobs: mpsc::Sender<Job>,
    threads: usize,
    queue: usize,
    waiting: AtomicUsize,
}

type Job = Box<dyn FnOnce() + Send>;

/// How much lower the hashing threads' priority is than the rest of the server's
/// (`nice` steps, Linux). At +10 the kernel weighs a thread about a tenth of a
/// normal one when both want the CPU.
pub const HASHING_NICE: i32 = 10;

/// Why a hash was not computed.
#[derive(Debug, thiserror::Error)]
pub enum HashingError {
    /// Every hashing thread is taken and the queue is full.
    #[error("every password-hashing thread is busy and the queue is full")]
    Busy,
    #[error("password hashing failed: {0}")]
    Failed(String),
}

/// Leaves the queue when dropped (the request may be cut off while it waits).
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Lowers the calling thread's priority by [`HASHING_NICE`]. On Linux the nice value
/// is a thread's own (`nice(2)` changes the calling thread only); elsewhere it would
/// be the whole process's, so nothing is done there.
fn lower_this_threads_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: nice(2) only changes the calling thread's scheduling priority; a failure
    // (returned as -1 with errno) leaves it as it was, which is harmless.
    unsafe {
        libc::nice(HASHING_NICE);
    }
}

impl HashingPool {
    /// `threads` hashes at once (at least 1), `queue` waiting (`usize::MAX`: no bound).
    pub fn new(threads: usize, queue: usize) -> HashingPool {
        let threads = threads.max(1);
        let (jobs, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..threads {
            let receiver = receiver.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || {
                    lower_this_threads_priority();
                    loop {
                        // The lock is held only while waiting for the next job.
                        let job = match receiver.lock() {
                            Ok(receiver) => receiver.recv(),
                            Err(_) => return,
                        };
                        let Ok(job) = job else { return };
                        // A job that panics drops its answer's sender: its caller
                        // hears `Failed`, and the thread goes on.
                        job();
                    }
                })
                .expect("a password-hashing thread");
        }
        HashingPool {
            permits: Arc::new(Semaphore::new(threads)),
            jobs,
            threads,
            queue,
            waiting: AtomicUsize::new(0),
        }
    }

    /// The server's default: every core but one, so that hashing never takes the
    /// whole machine (and one thread on one or two cores).
    pub fn default_threads() -> usize {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .saturating_sub(1)
            .max(1)
    }

    /// Hashes at once.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Requests waiting for a hashing thread now.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::Acquire)
    }

    /// Runs `work` on a hashing thread once one is free, or refuses at once when the
    /// queue is full.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashingError> {
        let closed = |e: tokio::sync::AcquireError| HashingError::Failed(e.to_string());
        let permit = match self.permits.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(TryAcquireError::Closed) => return Err(HashingError::Failed("closed".into())),
            Err(TryAcquireError::NoPermits) => {
                if self.waiting.fetch_add(1, Ordering::AcqRel) >= self.queue {
                    self.waiting.fetch_sub(1, Ordering::AcqRel);
                    return Err(HashingError::Busy);
                }
                let _waiting = Waiting(&self.waiting);
                self.permits.clone().acquire_owned().await.map_err(closed)?
            }
        };
        // A permit per thread: the job starts at once. The permit is given back before
        // the answer goes out, so that the caller's next hash finds the thread free.
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move || {
            let result = std::panic::catch_unwind(AssertUnwindSafe(work));
            drop(permit);
            if let Ok(value) = result {
                let _ = answer.send(value);
            }
        });
        self.jobs
            .send(job)
            .map_err(|_| HashingError::Failed("the hashing threads are gone".into()))?;
        answered
            .await
            .map_err(|_| HashingError::Failed("the hash panicked".into()))
    }

    /// Hashes a password with argon2id (the crate's defaults: 19 MiB, 2 passes, OWASP's
    /// recommendation) and a random salt, as a PHC string.
    pub async fn hash_password(&self, password: &str) -> Result<String, HashingError> {
        let password = password.to_owned();
        self.run(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(password.as_bytes(), &salt)
                .map(|hash| hash.to_string())
                .map_err(|e| HashingError::Failed(e.to_string()))
        })
        .await?
    }

    /// Whether `password` matches the PHC string `hash`; false for a malformed hash,
    /// and false (after the same work) when there is no hash.
    pub async fn verify_password(
        &self,
        hash: Option<&str>,
        password: &str,
    ) -> Result<bool, HashingError> {
        let (hash, password) = (hash.map(str::to_owned), password.to_owned());
        self.run(move || {
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
    }
}

/// The pool of the command-line tools, the demo seed and tests: as many threads as
/// cores (at least 2), no bound on the queue. The server's requests use their own
/// ([`crate::AppState`]'s).
static SHARED: LazyLock<HashingPool> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    HashingPool::new(cores.max(2), usize::MAX)
});

/// [`HashingPool::hash_password`] on the shared pool.
pub async fn hash_password(password: &str) -> Result<String, String> {
    SHARED
        .hash_password(password)
        .await
        .map_err(|e| e.to_string())
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

/// [`HashingPool::verify_password`] on the shared pool (false if it failed).
pub async fn verify_password(hash: Option<&str>, password: &str) -> bool {
    SHARED
        .verify_password(hash, password)
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

    /// Waits (a little) until `pool` has `n` requests waiting.
    async fn until_waiting(pool: &HashingPool, n: usize) {
        for _ in 0..500 {
            if pool.waiting() == n {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        }
        panic!("{} waiting, expected {n}", pool.waiting());
    }

    #[tokio::test]
    async fn a_full_queue_refuses_at_once_and_a_freed_thread_serves_the_queue() {
        let pool = Arc::new(HashingPool::new(1, 1));
        let (release, blocked) = std::sync::mpsc::channel::<()>();
        // The one thread, taken until `release`.
        let running = {
            let pool = pool.clone();
            tokio::spawn(async move { pool.run(move || blocked.recv().is_ok()).await })
        };
        while pool.permits.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        // The one place in the queue.
        let queued = {
            let pool = pool.clone();
            tokio::spawn(async move { pool.run(|| 7).await })
        };
        until_waiting(&pool, 1).await;
        // Full: refused without waiting (the timeout would fire if it queued).
        let refused = tokio::time::timeout(
            std::time::Duration::from_secs(1),
            pool.hash_password("correct horse battery"),
        )
        .await
        .expect("answered at once");
        assert!(matches!(refused, Err(HashingError::Busy)), "{refused:?}");
        release.send(()).unwrap();
        assert!(running.await.unwrap().unwrap());
        assert_eq!(queued.await.unwrap().unwrap(), 7);
        assert_eq!(pool.waiting(), 0);
        assert!(pool.verify_password(None, "x").await.is_ok());
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn hashing_threads_run_below_the_servers_priority() {
        // SAFETY: getpriority(2) only reads the calling thread's nice value.
        let nice = || unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
        let ours = nice();
        let theirs = HashingPool::new(1, 0).run(nice).await.unwrap();
        assert_eq!(theirs, (ours + HASHING_NICE).min(19));
        assert_eq!(nice(), ours, "the caller's priority is unchanged");
    }

    #[tokio::test]
    async fn a_panicking_job_fails_alone() {
        let pool = HashingPool::new(1, 0);
        let failed = pool.run(|| -> u8 { panic!("in a hash") }).await;
        assert!(matches!(failed, Err(HashingError::Failed(_))), "{failed:?}");
        assert_eq!(pool.run(|| 3).await.unwrap(), 3, "the thread goes on");
    }

    #[tokio::test]
    async fn a_waiter_that_gives_up_leaves_the_queue() {
        let pool = Arc::new(HashingPool::new(1, 1));
        let (release, blocked) = std::sync::mpsc::channel::<()>();
        let running = {
            let pool = pool.clone();
            tokio::spawn(async move { pool.run(move || blocked.recv().is_ok()).await })
        };
        while pool.permits.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        let gave_up =
            tokio::time::timeout(std::time::Duration::from_millis(20), pool.run(|| ())).await;
        assert!(gave_up.is_err(), "it waited");
        assert_eq!(pool.waiting(), 0, "and left the queue when cut off");
        release.send(()).unwrap();
        running.await.unwrap().unwrap();
    }
}
