//! Each server instance's cache of published requests as the API serializes them.
//!
//! A published request never changes, except that its resolution appears, once, with
//! its log index, in the transaction that stores it; its agency's slug and name never
//! change either. So the JSON of a request is a function of its id and of whether it
//! is resolved: keyed by both, an entry is never stale, whichever instance wrote the
//! resolution, and instances need not tell each other anything. The feed asks the
//! database only which requests a page lists and whether each is resolved, then
//! copies their JSON from here; only the ones missing are read in full.
//!
//! Bounded by bytes: entries go into a young generation; once it holds half the
//! budget, the old one is dropped and the young one becomes old. A hit in the old
//! generation moves the entry back into the young one, so what keeps being asked for
//! stays, and memory never exceeds the budget (plus the maps' own overhead).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// The serialized JSON of one published request.
pub type RequestJson = Arc<str>;

/// A request's identity for the cache: its id and whether it is resolved.
pub type CacheKey = (i64, bool);

/// Default budget, bytes of JSON: at about 1.5 KB a request, some 40 000 requests.
pub const DEFAULT_REQUEST_CACHE_BYTES: usize = 64 << 20;

/// Counted per entry on top of its JSON (key, pointer, map slot).
const ENTRY_OVERHEAD_BYTES: usize = 48;

#[derive(Debug, Default)]
struct Generations {
    young: HashMap<CacheKey, RequestJson>,
    young_bytes: usize,
    old: HashMap<CacheKey, RequestJson>,
}

/// See the module documentation. Cheap to share: one lock, taken once per page.
#[derive(Debug)]
pub struct RequestCache {
    budget_bytes: usize,
    generations: Mutex<Generations>,
    hits: AtomicU64,
    misses: AtomicU64,
}

/// How a cache fared, for sizing it (logged at shutdown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: u64,
    pub misses: u64,
    pub entries: usize,
    pub bytes: usize,
}

impl RequestCache {
    /// A cache holding at most `budget_bytes` of JSON; 0 turns it off.
    pub fn new(budget_bytes: usize) -> RequestCache {
        RequestCache {
            budget_bytes,
            generations: Mutex::default(),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Generations> {
        // Nothing is left half-done under the lock: a panic elsewhere cannot spoil it.
        self.generations
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The JSON of each key, where cached.
    pub fn get_many(&self, keys: &[CacheKey]) -> Vec<Option<RequestJson>> {
        let found: Vec<Option<RequestJson>> = if self.budget_bytes == 0 {
            vec![None; keys.len()]
        } else {
            let mut generations = self.lock();
            keys.iter()
                .map(|key| {
                    if let Some(json) = generations.young.get(key) {
                        return Some(json.clone());
                    }
                    let json = generations.old.remove(key)?;
                    generations.insert(*key, json.clone(), self.budget_bytes);
                    Some(json)
                })
                .collect()
        };
        let hits = found.iter().filter(|json| json.is_some()).count() as u64;
        self.hits.fetch_add(hits, Ordering::Relaxed);
        self.misses
            .fetch_add(keys.len() as u64 - hits, Ordering::Relaxed);
        found
    }

    /// The JSON of one key, where cached.
    pub fn get(&self, key: CacheKey) -> Option<RequestJson> {
        self.get_many(&[key]).pop().flatten()
    }

    /// Stores the JSON of requests just read.
    pub fn insert_many(&self, entries: impl IntoIterator<Item = (CacheKey, RequestJson)>) {
        if self.budget_bytes == 0 {
            return;
        }
        let mut generations = self.lock();
        for (key, json) in entries {
            generations.insert(key, json, self.budget_bytes);
        }
    }

    /// Lookups so far and what is held now.
    pub fn stats(&self) -> CacheStats {
        let (entries, bytes) = self.len_and_bytes();
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            entries,
            bytes,
        }
    }

    /// Entries and bytes held (tests).
    #[doc(hidden)]
    pub fn len_and_bytes(&self) -> (usize, usize) {
        let generations = self.lock();
        let bytes = |map: &HashMap<CacheKey, RequestJson>| {
            map.values()
                .map(|json| json.len() + ENTRY_OVERHEAD_BYTES)
                .sum::<usize>()
        };
        (
            generations.young.len() + generations.old.len(),
            bytes(&generations.young) + bytes(&generations.old),
        )
    }
}

impl Generations {
    fn insert(&mut self, key: CacheKey, json: RequestJson, budget_bytes: usize) {
        let size = json.len() + ENTRY_OVERHEAD_BYTES;
        // Larger than a generation: never worth holding.
        if size > budget_bytes / 2 {
            return;
        }
        if self.young_bytes + size > budget_bytes / 2 {
            self.old = std::mem::take(&mut self.young);
            self.young_bytes = 0;
        }
        if let Some(previous) = self.young.insert(key, json) {
            self.young_bytes -= previous.len() + ENTRY_OVERHEAD_BYTES;
        }
        self.young_bytes += size;
        self.old.remove(&key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(n: usize) -> RequestJson {
        Arc::from("x".repeat(n))
    }

    #[test]
    fn keys_tell_open_from_resolved() {
        let cache = RequestCache::new(1 << 20);
        cache.insert_many([((7, false), Arc::from("open"))]);
        assert_eq!(cache.get((7, false)).as_deref(), Some("open"));
        assert_eq!(cache.get((7, true)), None);
        assert_eq!(cache.get((8, false)), None);
    }

    #[test]
    fn stays_within_its_budget_and_keeps_what_is_asked_for() {
        let budget = 100 * (100 + ENTRY_OVERHEAD_BYTES);
        let cache = RequestCache::new(budget);
        for id in 0..1_000 {
            cache.insert_many([((id, false), json(100))]);
            // Request 0 is asked for all along: it is never evicted.
            assert!(cache.get((0, false)).is_some(), "evicted at {id}");
            assert!(cache.len_and_bytes().1 <= budget);
        }
        // The oldest of the others are gone, the newest are there.
        assert!(cache.get((1, false)).is_none());
        assert!(cache.get((999, false)).is_some());
    }

    #[test]
    fn counts_hits_and_misses() {
        let cache = RequestCache::new(1 << 20);
        cache.insert_many([((1, false), json(10))]);
        cache.get_many(&[(1, false), (2, false), (1, true)]);
        let stats = cache.stats();
        assert_eq!((stats.hits, stats.misses, stats.entries), (1, 2, 1));
        assert_eq!(stats.bytes, 10 + ENTRY_OVERHEAD_BYTES);
    }

    #[test]
    fn zero_turns_it_off() {
        let cache = RequestCache::new(0);
        cache.insert_many([((1, true), json(10))]);
        assert_eq!(cache.get((1, true)), None);
        assert_eq!(cache.len_and_bytes(), (0, 0));
    }
}
