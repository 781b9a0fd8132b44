//! The split-words pass's hot scans (reference: textfix/glue_model.py best_split and
//! _language_model, textfix/passes/split_words.py SplitWordsPass.run's token screen,
//! textfix/passes/text_search.py locate_tokens).
//!
//! - `SplitModel`: wordsegment's counts and the plausible parts, handed over once per
//!   process; `best_split` (the Viterbi over stupid-backoff scores) and `language_model`
//!   give the same floats and parts as the reference: the same operations in the same
//!   order (f64::ln and math.log both call libm's log), the states visited in the
//!   reference's dict insertion order, ties broken as Python's max over (score, parts).
//!   The Viterbi walks the parts' trie from each position (stopping where no part goes
//!   on) and looks the scores up by part number (each worked out once from the strings).
//! - `TokenScreen`: a pass's plain-token and candidate-token caches (one table, one hash
//!   a token); `candidates` takes a document's whitespace tokens (str.split() semantics)
//!   in one scan, drops the known plain ones, rejects new tokens that the cheap screens
//!   prove plain (ASCII: one dictionary word with punctuation around it, no candidate
//!   junction; any: no ASCII letter), has the pass's Planner (plan.rs) decide the rest
//!   it handles, asks Python about the others, and returns the candidates with their
//!   code-point offsets (what locate_tokens gives the reference).
//!
//! A text Python cannot encode as UTF-8 (lone surrogates), or a TokenScreen busy with
//! another document, is not handled (None): the reference runs.

use crate::plan::Planner;
use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Mutex, TryLockError};

/// A small multiplicative hasher (rustc's Fx hash, with a finalizer): the maps hold short words.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fx(u64);

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Fx {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for Fx {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf) ^ ((rest.len() as u64) << 56));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // a multiplication's low bits see only the input's low bits: fold the high ones down
        // (murmur3's finalizer), since the table picks slots by the low bits
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;
/// A set of strings in one flat table (open addressing, linear probing, at most half full):
/// a slot holds the hash and, for a string of at most 23 bytes (most tokens), its length
/// and bytes, so that a lookup reads one slot and compares four words, no pointer followed;
/// a longer string lives in an arena. A document's tokens meet the caches here.
pub(crate) struct StrSet {
    slots: Vec<[u64; 4]>,
    arena: Vec<u8>,
    len: usize,
}

const INLINE: usize = 23;
const LONG: u64 = 0xFF;

/// A string's slot image: its hash (never 0: 0 marks an empty slot) and three words.
#[inline]
fn image(s: &[u8]) -> (u64, [u64; 3]) {
    if s.len() <= INLINE {
        let mut bytes = [0u8; 24];
        bytes[0] = s.len() as u8;
        bytes[1..=s.len()].copy_from_slice(s);
        let word = |i: usize| u64::from_le_bytes(bytes[i * 8..i * 8 + 8].try_into().unwrap());
        let words = [word(0), word(1), word(2)];
        let mut h = Fx(0);
        words.iter().for_each(|&w| h.add(w));
        (h.finish() | 1, words)
    } else {
        let mut h = Fx(0);
        h.write(s);
        (h.finish() | 1, [LONG, 0, s.len() as u64])
    }
}

impl StrSet {
    fn with_capacity(tokens: usize) -> Self {
        let size = (tokens * 2).next_power_of_two().max(16);
        StrSet {
            slots: vec![[0u64; 4]; size],
            arena: Vec::new(),
            len: 0,
        }
    }

    /// (the slot holding ``s`` or the empty slot where it would go, whether it is there)
    #[inline]
    fn find(&self, s: &[u8], hash: u64, words: &[u64; 3]) -> (usize, bool) {
        let mask = self.slots.len() - 1;
        let mut at = (hash >> 1) as usize & mask; // (its bit 0 is always set)
        loop {
            let slot = &self.slots[at];
            if slot[0] == 0 {
                return (at, false);
            }
            if slot[0] == hash {
                if words[0] != LONG {
                    if slot[1] == words[0] && slot[2] == words[1] && slot[3] == words[2] {
                        return (at, true);
                    }
                } else if slot[1] == LONG && slot[3] == s.len() as u64 {
                    let start = slot[2] as usize;
                    if &self.arena[start..start + s.len()] == s {
                        return (at, true);
                    }
                }
            }
            at = (at + 1) & mask;
        }
    }

    #[inline]
    pub(crate) fn contains(&self, s: &str) -> bool {
        self.contains_bytes(s.as_bytes())
    }

    #[inline]
    pub(crate) fn contains_bytes(&self, s: &[u8]) -> bool {
        let (hash, words) = image(s);
        self.find(s, hash, &words).1
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Add ``s``; whether it was new.
    fn insert(&mut self, s: &str) -> bool {
        let s = s.as_bytes();
        let (hash, mut words) = image(s);
        let (at, found) = self.find(s, hash, &words);
        if found {
            return false;
        }
        if words[0] == LONG {
            words[1] = self.arena.len() as u64;
            self.arena.extend_from_slice(s);
        }
        self.slots[at] = [hash, words[0], words[1], words[2]];
        self.len += 1;
        if self.len * 2 > self.slots.len() {
            self.grow();
        }
        true
    }

    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![[0u64; 4]; size]);
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|slot| slot[0] != 0) {
            let mut at = (slot[0] >> 1) as usize & mask;
            while self.slots[at][0] != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }
}

/// The two token caches of a pass (plain, candidate) in one StrSet-like table: a token's
/// kind rides in the low two bits of its slot's hash, so that a document's token meets
/// both caches in one hash and one probe (the reference's two sets are disjoint: a token
/// is planned once, then cached as one or the other).
struct TokenCache {
    slots: Vec<[u64; 4]>,
    arena: Vec<u8>,
    /// tokens of each kind: [plain, candidate]
    counts: [usize; 2],
}

const PLAIN: u64 = 1;
const CANDIDATE: u64 = 2;

/// A slot's hash with the kind bits cleared (never 0: 0 marks an empty slot).
#[inline]
fn cache_hash(hash: u64) -> u64 {
    (hash | 4) & !3
}

/// Where a cache_hash's probe starts: its low three bits are fixed, so the bits above them.
#[inline]
fn cache_start(hash: u64, mask: usize) -> usize {
    (hash >> 3) as usize & mask
}

impl TokenCache {
    fn new(tokens: usize) -> Self {
        TokenCache {
            slots: vec![[0u64; 4]; (tokens * 2).next_power_of_two().max(16)],
            arena: Vec::new(),
            counts: [0, 0],
        }
    }

    /// The kind of a token (PLAIN, CANDIDATE) or 0 (not cached), and its slot or the empty
    /// slot where it would go; ``hash`` as cache_hash makes it.
    #[inline]
    fn find(&self, s: &[u8], hash: u64, words: &[u64; 3]) -> (usize, u64) {
        let mask = self.slots.len() - 1;
        let mut at = cache_start(hash, mask);
        loop {
            let slot = &self.slots[at];
            if slot[0] == 0 {
                return (at, 0);
            }
            if slot[0] & !3 == hash {
                if words[0] != LONG {
                    if slot[1] == words[0] && slot[2] == words[1] && slot[3] == words[2] {
                        return (at, slot[0] & 3);
                    }
                } else if slot[1] == LONG && slot[3] == s.len() as u64 {
                    let start = slot[2] as usize;
                    if &self.arena[start..start + s.len()] == s {
                        return (at, slot[0] & 3);
                    }
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// Ask for the slot a hash starts at to be brought into the CPU's cache.
    #[inline]
    fn prefetch(&self, hash: u64) {
        let at = cache_start(hash, self.slots.len() - 1);
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a prefetch is a hint: it reads nothing and faults on no address
        unsafe {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            _mm_prefetch::<_MM_HINT_T0>(self.slots.as_ptr().add(at) as *const i8);
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = at;
    }

    /// Cache a token not cached yet as ``kind``, given its cache_hash and slot words.
    fn insert(&mut self, s: &str, hash: u64, mut words: [u64; 3], kind: u64) {
        let s = s.as_bytes();
        let (at, found) = self.find(s, hash, &words);
        if found != 0 {
            return;
        }
        if words[0] == LONG {
            words[1] = self.arena.len() as u64;
            self.arena.extend_from_slice(s);
        }
        self.slots[at] = [hash | kind, words[0], words[1], words[2]];
        self.counts[kind as usize - 1] += 1;
        if (self.counts[0] + self.counts[1]) * 2 > self.slots.len() {
            self.rebuild(0, self.slots.len() * 2);
        }
    }

    /// Forget the tokens of one kind (the reference's set.clear()).
    fn clear(&mut self, kind: u64) {
        self.counts[kind as usize - 1] = 0;
        let size = (self.counts[0] + self.counts[1]) * 2;
        self.rebuild(kind, size.next_power_of_two().max(16));
    }

    /// The table in ``size`` slots, less the tokens of kind ``drop`` (0: none), the long
    /// tokens' bytes copied to a new arena.
    fn rebuild(&mut self, drop: u64, size: usize) {
        let old = std::mem::replace(&mut self.slots, vec![[0u64; 4]; size]);
        let old_arena = std::mem::take(&mut self.arena);
        let mask = size - 1;
        for mut slot in old.into_iter() {
            if slot[0] == 0 || slot[0] & 3 == drop {
                continue;
            }
            if slot[1] == LONG {
                let (start, len) = (slot[2] as usize, slot[3] as usize);
                slot[2] = self.arena.len() as u64;
                self.arena.extend_from_slice(&old_arena[start..start + len]);
            }
            let mut at = cache_start(slot[0] & !3, mask);
            while self.slots[at][0] != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }
}

/// A Python iterable of strings as a StrSet.
pub(crate) fn string_table(items: &Bound<'_, PyAny>) -> PyResult<StrSet> {
    let mut set = StrSet::with_capacity(0);
    for item in items.try_iter()? {
        let item = item?;
        set.insert(item.cast::<PyString>()?.to_str()?);
    }
    Ok(set)
}

/// Strings mapped to two floats, packed for memory (wordsegment's 590,000 counts): the
/// strings' bytes in one arena, an entry (offset, length, two values) a string, and an
/// open-addressing index (hash tag, entry + 1; 0: empty) at most half full.
pub(crate) struct StrMap {
    arena: Vec<u8>,
    entries: Vec<(u32, u32, f64, f64)>,
    index: Vec<(u32, u32)>,
}

#[inline]
fn hash_bytes(s: &[u8]) -> u64 {
    let mut h = Fx(0);
    h.write(s);
    h.finish()
}

impl StrMap {
    pub(crate) fn with_capacity(items: usize) -> Self {
        let size = (items * 2).next_power_of_two().max(16);
        StrMap {
            arena: Vec::new(),
            entries: Vec::with_capacity(items),
            index: vec![(0, 0); size],
        }
    }

    /// The index slot of ``s``, or the empty slot where it would go.
    #[inline]
    fn slot(&self, s: &[u8]) -> usize {
        let hash = hash_bytes(s);
        let (mask, tag) = (self.index.len() - 1, (hash >> 32) as u32);
        let mut at = hash as usize & mask;
        loop {
            let (found_tag, entry) = self.index[at];
            if entry == 0 {
                return at;
            }
            if found_tag == tag {
                let (start, len, _, _) = self.entries[entry as usize - 1];
                if &self.arena[start as usize..(start + len) as usize] == s {
                    return at;
                }
            }
            at = (at + 1) & mask;
        }
    }

    #[inline]
    pub(crate) fn get(&self, s: &str) -> Option<(f64, f64)> {
        let (_, entry) = self.index[self.slot(s.as_bytes())];
        (entry != 0).then(|| {
            let (_, _, a, b) = self.entries[entry as usize - 1];
            (a, b)
        })
    }

    /// Set the values of ``s`` (a dict's keys are distinct: each comes once).
    pub(crate) fn insert(&mut self, s: &str, a: f64, b: f64) {
        if (self.entries.len() + 1) * 2 > self.index.len() {
            self.grow();
        }
        let at = self.slot(s.as_bytes());
        let (_, entry) = self.index[at];
        if entry != 0 {
            let found = &mut self.entries[entry as usize - 1];
            (found.2, found.3) = (a, b);
            return;
        }
        self.entries
            .push((self.arena.len() as u32, s.len() as u32, a, b));
        self.arena.extend_from_slice(s.as_bytes());
        self.index[at] = (
            (hash_bytes(s.as_bytes()) >> 32) as u32,
            self.entries.len() as u32,
        );
    }

    /// Every string with its values, in insertion order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&[u8], f64, f64)> + '_ {
        self.entries
            .iter()
            .map(|&(start, len, a, b)| (&self.arena[start as usize..(start + len) as usize], a, b))
    }

    fn grow(&mut self) {
        let size = self.index.len() * 2;
        self.index = vec![(0, 0); size];
        for number in 0..self.entries.len() {
            let (start, len, _, _) = self.entries[number];
            let hash = hash_bytes(&self.arena[start as usize..(start + len) as usize]);
            let mut at = hash as usize & (size - 1);
            while self.index[at].1 != 0 {
                at = (at + 1) & (size - 1);
            }
            self.index[at] = ((hash >> 32) as u32, number as u32 + 1);
        }
    }
}

/// Words (u64, never 0) mapped to a value: open addressing, at most half full, the slot
/// picked by the key's Fibonacci hash.
pub(crate) struct U64Map<V> {
    slots: Vec<(u64, V)>,
    len: usize,
}

impl<V: Copy + Default> U64Map<V> {
    pub(crate) fn new() -> Self {
        U64Map {
            slots: vec![(0, V::default()); 16],
            len: 0,
        }
    }

    #[inline]
    fn start(&self, key: u64) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
    }

    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<V> {
        let mask = self.slots.len() - 1;
        let mut at = self.start(key);
        loop {
            let (found, value) = self.slots[at];
            if found == key {
                return Some(value);
            }
            if found == 0 {
                return None;
            }
            at = (at + 1) & mask;
        }
    }

    pub(crate) fn insert(&mut self, key: u64, value: V) {
        if (self.len + 1) * 2 > self.slots.len() {
            let size = self.slots.len() * 2;
            let old = std::mem::replace(&mut self.slots, vec![(0, V::default()); size]);
            self.len = 0;
            for (key, value) in old.into_iter().filter(|(key, _)| *key != 0) {
                self.put(key, value);
            }
        }
        self.put(key, value);
    }

    fn put(&mut self, key: u64, value: V) {
        let mask = self.slots.len() - 1;
        let mut at = self.start(key);
        while self.slots[at].0 != 0 && self.slots[at].0 != key {
            at = (at + 1) & mask;
        }
        if self.slots[at].0 == 0 {
            self.len += 1;
        }
        self.slots[at] = (key, value);
    }
}

/// The key of a pair of numbers (never 0).
#[inline]
fn pair_key(a: u32, b: u32) -> u64 {
    ((a as u64 + 1) << 32) | (b as u64 + 1)
}

/// A trie's edges: (node, byte) -> child, one word a slot (the edge's key + 1 in the high
/// half, the child in the low half; 0: empty), open addressing at most half full.
struct Edges {
    slots: Vec<u64>,
    len: usize,
}

impl Edges {
    #[inline]
    fn start(slots: usize, key: u32) -> usize {
        let bits = slots.trailing_zeros();
        ((key as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
    }

    #[inline]
    fn get(&self, key: u32) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut at = Self::start(self.slots.len(), key);
        loop {
            let slot = self.slots[at];
            if (slot >> 32) as u32 == key {
                return Some(slot as u32);
            }
            if slot == 0 {
                return None;
            }
            at = (at + 1) & mask;
        }
    }

    fn put(slots: &mut [u64], slot: u64) {
        let mask = slots.len() - 1;
        let mut at = Self::start(slots.len(), (slot >> 32) as u32);
        while slots[at] != 0 {
            at = (at + 1) & mask;
        }
        slots[at] = slot;
    }

    /// Add an edge not there yet.
    fn insert(&mut self, key: u32, child: u32) {
        if (self.len + 1) * 2 > self.slots.len() {
            let mut slots = vec![0u64; self.slots.len() * 2];
            for &slot in self.slots.iter().filter(|&&slot| slot != 0) {
                Self::put(&mut slots, slot);
            }
            self.slots = slots;
        }
        Self::put(&mut self.slots, ((key as u64) << 32) | child as u64);
        self.len += 1;
    }
}

/// A trie of byte strings: its edges in one table, each node's word number + 1 (0: no word
/// ends there) and the set of lowercase ASCII letters it has children for. Walking a string
/// costs one probe a byte, and stops at the first byte no word goes on with. At most
/// 2^24 - 1 nodes (an edge's key is a node and a byte in 32 bits).
pub(crate) struct Trie {
    next: Edges,
    value: Vec<u32>,
    letters: Vec<u32>,
}

impl Trie {
    pub(crate) const ROOT: u32 = 0;

    pub(crate) fn new() -> Self {
        Trie {
            next: Edges {
                slots: vec![0; 16],
                len: 0,
            },
            value: vec![0],
            letters: vec![0],
        }
    }

    /// An edge's key: never 0, within 32 bits for the nodes below 2^24 - 1.
    #[inline]
    fn key(node: u32, byte: u8) -> u32 {
        ((node << 8) | byte as u32) + 1
    }

    #[inline]
    pub(crate) fn child(&self, node: u32, byte: u8) -> Option<u32> {
        self.next.get(Self::key(node, byte))
    }

    /// The node ``bytes`` lead to from ``node``, if every step exists.
    #[inline]
    pub(crate) fn walk(&self, mut node: u32, bytes: &[u8]) -> Option<u32> {
        for &byte in bytes {
            node = self.child(node, byte)?;
        }
        Some(node)
    }

    /// The word number + 1 at a node (0: none).
    #[inline]
    pub(crate) fn value(&self, node: u32) -> u32 {
        self.value[node as usize]
    }

    /// The lowercase letters (bit 0: "a") a node has children for.
    #[inline]
    pub(crate) fn letters(&self, node: u32) -> u32 {
        self.letters[node as usize]
    }

    /// Add a word (given byte by byte) as number ``number``; false (the word left out) if
    /// the trie would pass 2^24 - 1 nodes.
    pub(crate) fn insert(&mut self, bytes: impl Iterator<Item = u8>, number: u32) -> bool {
        let mut node = Self::ROOT;
        for byte in bytes {
            node = match self.child(node, byte) {
                Some(child) => child,
                None => {
                    if self.value.len() >= (1 << 24) - 1 {
                        return false;
                    }
                    let child = self.value.len() as u32;
                    self.value.push(0);
                    self.letters.push(0);
                    self.next.insert(Self::key(node, byte), child);
                    if byte.is_ascii_lowercase() {
                        self.letters[node as usize] |= 1 << (byte - b'a');
                    }
                    child
                }
            };
        }
        self.value[node as usize] = number + 1;
        true
    }
}

/// The plausible parts of a split, for the Viterbi's inner loop: a trie of the parts (a
/// walk from a position stops at the first string no part starts with) and one of the
/// parts reversed (for the check that a part ends the run), each part numbered, with its
/// unigram score and the bigram scores between parts looked up by number. The same floats
/// as the strings' lookups (worked out by them, once).
struct Parts {
    forward: Trie,
    backward: Trie,
    /// by part number: log_score(part, None), NaN where it raises (the strings' way says how)
    alone: Vec<f64>,
    /// (part, part) -> the bigram's score, for the pairs wordsegment counts; empty (and the
    /// strings' way taken) if a part holds a space, which would make "w1 w2" ambiguous
    pairs: U64Map<f64>,
    pairs_exact: bool,
}

// -- the language model -----------------------------------------------------------------

/// wordsegment's counts as the reference's Model holds them, with each stupid-backoff score
/// worked out once by the reference's formula (the same floats, looked up).
#[pyclass(frozen, module = "textfix_core")]
pub struct SplitModel {
    /// word -> (count, log(count) - log_total)
    unigrams: StrMap,
    /// "w1 w2" -> (count, log(count) - log(count of w1)), or in place of the score
    /// KEY_ERROR or DOMAIN_ERROR where the reference raises (w1 has no count; a count not
    /// above 0, where math.log raises ValueError)
    bigrams: StrMap,
    parts: Parts,
    log_total: f64,
    /// log(OOV_COUNT) - log_total, as the reference computes it
    oov_base: f64,
    length_penalty: f64,
    rho: f64,
    max_run: usize,
    max_part: usize,
}

/// Scores no log can make (a log of a finite positive float is finite), standing for the
/// reference's exceptions.
const KEY_ERROR: f64 = f64::INFINITY;
const DOMAIN_ERROR: f64 = f64::NEG_INFINITY;

type Split<'a> = (f64, Vec<&'a str>);

struct State {
    /// where the last part starts (the key of the reference's dict: that part)
    start: usize,
    /// the last part's number (Parts)
    number: u32,
    score: f64,
    /// the state and entry the best path came from
    back: (usize, usize),
}

#[inline]
fn truthy(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.is_empty())
}

impl SplitModel {
    /// Model.log_score: P(word | previous) from bigrams, else P(word), else the OOV score.
    fn log_score(&self, word: &str, previous: Option<&str>, key: &mut String) -> PyResult<f64> {
        if let Some(previous) = previous {
            key.clear();
            key.push_str(previous);
            key.push(' ');
            key.push_str(word);
            if let Some((_, score)) = self.bigrams.get(key.as_str()) {
                return if score == KEY_ERROR {
                    Err(PyKeyError::new_err(previous.to_string()))
                } else if score == DOMAIN_ERROR {
                    Err(PyValueError::new_err("math domain error"))
                } else {
                    Ok(score)
                };
            }
        }
        match self.unigrams.get(word) {
            Some((count, _)) if count <= 0.0 => Err(PyValueError::new_err("math domain error")),
            Some((_, score)) => Ok(score),
            None => Ok(self.oov_base - self.length_penalty * (word.chars().count() as f64)),
        }
    }

    /// log_score(word, None) for a part (its number in Parts).
    #[inline]
    fn alone_score(&self, word: &str, number: u32, key: &mut String) -> PyResult<f64> {
        let score = self.parts.alone[number as usize];
        if score.is_nan() {
            return self.log_score(word, None, key); // the reference's error
        }
        Ok(score)
    }

    /// log_score(word, Some(previous)) for two parts (their numbers in Parts).
    #[inline]
    fn pair_score(
        &self,
        word: &str,
        number: u32,
        previous: &str,
        previous_number: u32,
        key: &mut String,
    ) -> PyResult<f64> {
        if !self.parts.pairs_exact {
            return self.log_score(word, Some(previous), key);
        }
        match self.parts.pairs.get(pair_key(previous_number, number)) {
            // a count that makes the reference raise: the strings' way raises the same
            Some(score) if score == KEY_ERROR || score == DOMAIN_ERROR => {
                self.log_score(word, Some(previous), key)
            }
            Some(score) => Ok(score),
            None => self.alone_score(word, number, key),
        }
    }

    fn bigram_count(&self, first: &str, second: &str, key: &mut String) -> Option<f64> {
        key.clear();
        key.push_str(first);
        key.push(' ');
        key.push_str(second);
        self.bigrams.get(key.as_str()).map(|(count, _)| count)
    }

    /// glue_model.best_split.
    fn split<'a>(
        &self,
        run: &'a str,
        previous: Option<&str>,
        following: Option<&str>,
        key: &mut String,
    ) -> PyResult<Option<Split<'a>>> {
        let mut bounds: Vec<usize> = run.char_indices().map(|(i, _)| i).collect();
        bounds.push(run.len());
        let n = bounds.len() - 1;
        if n > self.max_run || n < 2 {
            return Ok(None);
        }
        let part = |i: usize, j: usize| &run[bounds[i]..bounds[j]];
        let longest = (n - 1).min(self.max_part);
        // a part must start the run and one must end it (the walks stop at the first
        // string no part starts, or ends, with)
        let bytes = run.as_bytes();
        let mut starts = false;
        let mut node = Trie::ROOT;
        for k in 1..=longest {
            match self
                .parts
                .forward
                .walk(node, &bytes[bounds[k - 1]..bounds[k]])
            {
                None => break,
                Some(next) => node = next,
            }
            if self.parts.forward.value(node) != 0 {
                starts = true;
                break;
            }
        }
        if !starts {
            return Ok(None);
        }
        let mut ends = false;
        let mut node = Trie::ROOT;
        'back: for k in 1..=longest {
            for &byte in bytes[bounds[n - k]..bounds[n - k + 1]].iter().rev() {
                match self.parts.backward.child(node, byte) {
                    None => break 'back,
                    Some(next) => node = next,
                }
            }
            if self.parts.backward.value(node) != 0 {
                ends = true;
                break;
            }
        }
        if !ends {
            return Ok(None);
        }
        let previous = truthy(previous);
        let mut states: Vec<Vec<State>> = (0..=n).map(|_| Vec::new()).collect();
        states[0].push(State {
            start: 0,
            number: u32::MAX,
            score: 0.0,
            back: (0, 0),
        });
        for i in 0..n {
            if states[i].is_empty() {
                continue;
            }
            let mut node = Trie::ROOT;
            for j in (i + 1)..=n.min(i + self.max_part) {
                let word = part(i, j);
                // no part goes on from here: neither does a longer one
                match self
                    .parts
                    .forward
                    .walk(node, &bytes[bounds[j - 1]..bounds[j]])
                {
                    None => break,
                    Some(next) => node = next,
                }
                let found = self.parts.forward.value(node);
                if (i == 0 && j == n) || found == 0 {
                    continue;
                }
                let number = found - 1;
                let (low, high) = states.split_at_mut(j);
                let (source, there) = (&low[i], &mut high[0]);
                for (index, state) in source.iter().enumerate() {
                    let score = if i == 0 {
                        match previous {
                            None => self.alone_score(word, number, key)?,
                            before => self.log_score(word, before, key)?,
                        }
                    } else {
                        self.pair_score(word, number, part(state.start, i), state.number, key)?
                    };
                    let new = state.score + score;
                    match there.iter_mut().find(|s| s.start == i) {
                        None => there.push(State {
                            start: i,
                            number,
                            score: new,
                            back: (i, index),
                        }),
                        Some(current) => {
                            if new > current.score {
                                current.score = new;
                                current.back = (i, index);
                            }
                        }
                    }
                }
            }
        }
        if states[n].is_empty() {
            return Ok(None);
        }
        let following = truthy(following);
        let mut best: Option<Split<'a>> = None;
        for index in 0..states[n].len() {
            let state = &states[n][index];
            let last = part(state.start, n);
            let score = state.score
                + if let Some(f) = following {
                    self.log_score(f, Some(last), key)?
                } else {
                    0.0
                };
            let mut parts = Vec::new();
            let (mut at, mut entry) = (n, index);
            while at > 0 {
                let s = &states[at][entry];
                parts.push(part(s.start, at));
                (at, entry) = s.back;
            }
            parts.reverse();
            // Python's max over (score, parts) tuples: a later item wins only if greater
            let greater = match &best {
                None => true,
                Some((top, top_parts)) => score > *top || (score == *top && parts > *top_parts),
            };
            if greater {
                best = Some((score, parts));
            }
        }
        Ok(best)
    }
}

fn parts_tuple<'py>(py: Python<'py>, parts: &[&str]) -> PyResult<Bound<'py, PyTuple>> {
    PyTuple::new(py, parts.iter().map(|p| PyString::new(py, p)))
}

#[pymethods]
impl SplitModel {
    #[new]
    #[allow(clippy::too_many_arguments)]
    fn new(
        unigrams: &Bound<'_, PyDict>,
        bigrams: &Bound<'_, PyDict>,
        parts: &Bound<'_, PyAny>,
        log_total: f64,
        oov_base: f64,
        length_penalty: f64,
        rho: f64,
        max_run: usize,
        max_part: usize,
    ) -> PyResult<Self> {
        let mut uni = StrMap::with_capacity(unigrams.len());
        for (word, count) in unigrams.iter() {
            let count: f64 = count.extract()?;
            uni.insert(
                word.cast::<PyString>()?.to_str()?,
                count,
                count.ln() - log_total,
            );
        }
        // the plausible parts, numbered, with every prefix of each
        let mut names = StrSet::with_capacity(0);
        let mut numbered: Vec<Box<str>> = Vec::new();
        for item in parts.try_iter()? {
            let item = item?;
            let word = item.cast::<PyString>()?.to_str()?;
            if names.insert(word) {
                numbered.push(word.into());
            }
        }
        let mut forward = Trie::new();
        let mut backward = Trie::new();
        let mut alone = Vec::with_capacity(numbered.len());
        let mut numbers = StrMap::with_capacity(numbered.len());
        for (index, word) in numbered.iter().enumerate() {
            if !forward.insert(word.bytes(), index as u32)
                || !backward.insert(word.bytes().rev(), index as u32)
            {
                return Err(PyValueError::new_err(
                    "too many plausible parts for the core",
                ));
            }
            numbers.insert(word, index as f64, 0.0);
            // Model.log_score(word, None), as log_score works it out
            alone.push(match uni.get(word) {
                Some((count, _)) if count <= 0.0 => f64::NAN,
                Some((_, score)) => score,
                None => oov_base - length_penalty * (word.chars().count() as f64),
            });
        }
        let pairs_exact = !numbered.iter().any(|w| w.contains(' '));
        let mut pairs = U64Map::new();
        let mut bi = StrMap::with_capacity(bigrams.len());
        for (pair, count) in bigrams.iter() {
            let count: f64 = count.extract()?;
            let pair = pair.cast::<PyString>()?.to_str()?;
            // the reference looks up f"{previous} {word}": a hit means previous is the key's
            // first word (words hold no spaces, every key holds one); it works out
            // math.log(count) - math.log(unigrams[previous]), left to right
            let first = pair.split(' ').next().unwrap_or("");
            let score = match uni.get(first) {
                _ if count <= 0.0 => DOMAIN_ERROR,
                None => KEY_ERROR,
                Some((c, _)) if c <= 0.0 => DOMAIN_ERROR,
                Some((c, _)) => count.ln() - c.ln(),
            };
            bi.insert(pair, count, score);
            if pairs_exact {
                let mut halves = pair.split(' ');
                if let (Some(a), Some(b), None) = (halves.next(), halves.next(), halves.next()) {
                    let number_of = |w: &str| numbers.get(w).map(|(n, _)| n as u32);
                    if let (Some(a), Some(b)) = (number_of(a), number_of(b)) {
                        pairs.insert(pair_key(a, b), score);
                    }
                }
            }
        }
        Ok(SplitModel {
            unigrams: uni,
            bigrams: bi,
            parts: Parts {
                forward,
                backward,
                alone,
                pairs,
                pairs_exact,
            },
            log_total,
            oov_base,
            length_penalty,
            rho,
            max_run,
            max_part,
        })
    }

    /// glue_model.best_split: (score, parts) or None.
    #[pyo3(signature = (run, previous=None, following=None))]
    fn best_split<'py>(
        &self,
        py: Python<'py>,
        run: &str,
        previous: Option<&str>,
        following: Option<&str>,
    ) -> PyResult<Option<Bound<'py, PyTuple>>> {
        let mut key = String::new();
        match self.split(run, previous, following, &mut key)? {
            None => Ok(None),
            Some((score, parts)) => Ok(Some(PyTuple::new(
                py,
                [
                    score.into_pyobject(py)?.into_any(),
                    parts_tuple(py, &parts)?.into_any(),
                ],
            )?)),
        }
    }

    /// glue_model._language_model: (lm, parts, alone, split_score, pair, own) or None.
    #[pyo3(signature = (low, previous=None, following=None))]
    fn language_model<'py>(
        &self,
        py: Python<'py>,
        low: &str,
        previous: Option<&str>,
        following: Option<&str>,
    ) -> PyResult<Option<Bound<'py, PyTuple>>> {
        let Some(scored) = self.scored(low, previous, following)? else {
            return Ok(None);
        };
        let items: [Bound<'py, PyAny>; 6] = [
            scored.lm.into_pyobject(py)?.into_any(),
            parts_tuple(py, &scored.parts)?.into_any(),
            scored.alone.into_pyobject(py)?.into_any(),
            scored.split_score.into_pyobject(py)?.into_any(),
            scored.pair.into_pyobject(py)?.into_any(),
            scored.own.into_pyobject(py)?.into_any(),
        ];
        Ok(Some(PyTuple::new(py, items)?))
    }
}

/// What glue_model._language_model returns.
pub(crate) struct Scored<'a> {
    pub(crate) lm: f64,
    pub(crate) parts: Vec<&'a str>,
    pub(crate) alone: f64,
    pub(crate) split_score: f64,
    pub(crate) pair: f64,
    pub(crate) own: f64,
}

impl SplitModel {
    /// glue_model._language_model, for the core's own callers.
    pub(crate) fn scored<'a>(
        &self,
        low: &'a str,
        previous: Option<&str>,
        following: Option<&str>,
    ) -> PyResult<Option<Scored<'a>>> {
        let mut key = String::new();
        let Some((split_score, parts)) = self.split(low, previous, following, &mut key)? else {
            return Ok(None);
        };
        let pair = self
            .bigram_count(parts[0], parts[1], &mut key)
            .unwrap_or(0.0);
        let own = {
            let discounted = self.unigrams.get(low).map_or(0.0, |(c, _)| c) - self.rho * pair;
            if discounted > 0.0 {
                discounted
            } else {
                0.0
            }
        };
        let previous = truthy(previous);
        let alone = if own > 0.0 {
            match previous {
                Some(p) if self.bigram_count(p, low, &mut key).is_some() => {
                    self.log_score(low, Some(p), &mut key)?
                }
                _ => own.ln() - self.log_total,
            }
        } else {
            self.oov_base - self.length_penalty * (low.chars().count() as f64)
        };
        let context = match truthy(following) {
            Some(f) => self.log_score(f, if own > 0.0 { Some(low) } else { None }, &mut key)?,
            None => 0.0,
        };
        let lm = split_score - alone - context;
        Ok(Some(Scored {
            lm,
            parts,
            alone,
            split_score,
            pair,
            own,
        }))
    }

    /// Whether wordsegment has a count for ``word`` (split_words._context).
    pub(crate) fn counted(&self, word: &str) -> bool {
        self.unigrams.get(word).is_some()
    }
}

// -- tokens -------------------------------------------------------------------------------

/// How a byte starts a character as str.isspace() sees it: 0 not a space, 1 an ASCII
/// separator, 2 the first byte of a multi-byte character that may be one.
const SPACE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 9;
    while b <= 13 {
        table[b] = 1;
        b += 1;
    }
    let mut b = 0x1c;
    while b <= 0x20 {
        table[b] = 1;
        b += 1;
    }
    table[0xC2] = 2;
    table[0xE1] = 2;
    table[0xE2] = 2;
    table[0xE3] = 2;
    table
};

/// The byte length of the character at ``at`` if Python's str.isspace() holds for it (what
/// str.split() splits on), else 0: the ASCII separators, U+001C..U+001F, U+0085, U+00A0,
/// U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000 (Python 3.11's list).
#[inline]
fn space_at(bytes: &[u8], at: usize) -> usize {
    let byte = bytes[at];
    match SPACE_CLASS[byte as usize] {
        0 => return 0,
        1 => return 1,
        _ => {}
    }
    let next = |k: usize| bytes.get(at + k).copied().unwrap_or(0);
    match byte {
        0xC2 if matches!(next(1), 0x85 | 0xA0) => 2,
        0xE1 if next(1) == 0x9A && next(2) == 0x80 => 3,
        0xE2 if next(1) == 0x80 && matches!(next(2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) => 3,
        0xE2 if next(1) == 0x81 && next(2) == 0x9F => 3,
        0xE3 if next(1) == 0x80 && next(2) == 0x80 => 3,
        _ => 0,
    }
}

/// The whitespace tokens of a text as str.split() makes them, as byte ranges.
struct Tokens<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str) -> Self {
        Tokens {
            bytes: text.as_bytes(),
            at: 0,
        }
    }
}

impl Iterator for Tokens<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let (bytes, size) = (self.bytes, self.bytes.len());
        loop {
            if self.at >= size {
                return None;
            }
            let width = space_at(bytes, self.at);
            if width == 0 {
                break;
            }
            self.at += width;
        }
        let start = self.at;
        // a non-space byte: advance one byte (continuation bytes are never spaces' first bytes)
        self.at += 1;
        while self.at < size {
            let class = SPACE_CLASS[bytes[self.at] as usize];
            if class == 1 || (class == 2 && space_at(bytes, self.at) != 0) {
                break;
            }
            self.at += 1;
        }
        Some((start, self.at))
    }
}

/// Tokens with their code-point offsets, as Python sees them.
type Located<'py> = Vec<(Bound<'py, PyString>, Bound<'py, PyList>)>;

// -- the token screen ----------------------------------------------------------------------

/// A word list (wordsegment's dictionary), handed over once per process.
#[pyclass(frozen, module = "textfix_core")]
pub struct WordSet {
    pub(crate) words: StrSet,
}

#[pymethods]
impl WordSet {
    #[new]
    fn new(words: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(WordSet {
            words: string_table(words)?,
        })
    }

    fn __len__(&self) -> usize {
        self.words.len()
    }
}

/// split_words._ONE_WORD.fullmatch on an ASCII token: one letter run [A-Za-z][a-z]* with
/// only non-word characters around it; the run (its first letter may be a capital).
fn one_word(token: &[u8]) -> Option<&[u8]> {
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let first = token.iter().position(word)?;
    let last = token.iter().rposition(word)?;
    let run = &token[first..=last];
    if !run[0].is_ascii_alphabetic() || !run[1..].iter().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    Some(run)
}

/// Whether the dictionary holds a run of ASCII letters, lowercased.
fn in_words(run: &[u8], words: &StrSet) -> bool {
    if run.len() > 64 {
        return words.contains_bytes(&run.to_ascii_lowercase());
    }
    let mut low = [0u8; 64];
    low[..run.len()].copy_from_slice(run);
    low[0] = low[0].to_ascii_lowercase();
    words.contains_bytes(&low[..run.len()])
}

/// split_words._CANDIDATE.search on an ASCII token: a letter run of three, a case step
/// ("aB", "ABc") or a letter next to a digit.
fn candidate(token: &[u8]) -> bool {
    let letter = |b: u8| b.is_ascii_alphabetic();
    token.windows(2).any(|w| {
        (w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
            || (letter(w[0]) && w[1].is_ascii_digit())
            || (w[0].is_ascii_digit() && letter(w[1]))
    }) || token.windows(3).any(|w| {
        (letter(w[0]) && letter(w[1]) && letter(w[2]))
            || (w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase() && w[2].is_ascii_lowercase())
    })
}

/// Whether the cheap screens prove an ASCII token plain (None for a token they cannot judge).
pub(crate) fn screened_plain(token: &str, words: &StrSet) -> Option<bool> {
    if !token.is_ascii() {
        // every alternative of _CANDIDATE holds an ASCII letter: a token without one ("(上坂",
        // "Ένωση") has no candidate shape, whatever its other characters
        return (!token.bytes().any(|b| b.is_ascii_alphabetic())).then_some(true);
    }
    let bytes = token.as_bytes();
    if one_word(bytes).is_some_and(|w| in_words(w, words)) || !candidate(bytes) {
        return Some(true);
    }
    None
}

/// One pass instance's token caches (SplitWordsPass._plain and ._candidates). They are
/// locked while a document is screened; another thread (or a callback) that finds them
/// busy gets None and runs the reference, whose caches are the pass's own Python sets.
#[pyclass(frozen, module = "textfix_core")]
pub struct TokenScreen {
    words: Py<WordSet>,
    /// the compiled plan screen for ASCII tokens (the callback decides the others)
    planner: Option<Py<Planner>>,
    caches: Mutex<TokenCache>,
}

#[pymethods]
impl TokenScreen {
    #[new]
    #[pyo3(signature = (words, planner=None))]
    fn new(words: Py<WordSet>, planner: Option<Py<Planner>>) -> Self {
        TokenScreen {
            words,
            planner,
            caches: Mutex::new(TokenCache::new(0)),
        }
    }

    /// The document's candidate tokens with their code-point offsets, as SplitWordsPass.run
    /// finds them: its whitespace tokens less the known plain ones; of the new ones, those
    /// the cheap screens leave and ``worth(token)`` (the reference's screens and plan) keeps.
    /// The caches are updated as the reference updates its sets (emptied when they hold
    /// ``max_cached`` tokens), after the document's known candidates are taken. None: a
    /// text with lone surrogates (not handled).
    ///
    /// One scan: each token is hashed once against the caches; a token not known plain is
    /// numbered at its first occurrence (in order of first appearance, as before) and its
    /// occurrences kept, so the offsets need no second scan.
    fn candidates<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyString>,
        worth: &Bound<'py, PyAny>,
        max_cached: usize,
    ) -> PyResult<Option<Located<'py>>> {
        let Ok(text) = text.to_str() else {
            return Ok(None);
        };
        let mut caches = match self.caches.try_lock() {
            Ok(caches) => caches,
            Err(TryLockError::WouldBlock) => return Ok(None),
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
        };
        let cache = &mut *caches;
        // the document's tokens not known plain: (token, kept) by number, and where they stand
        let mut numbers: FxMap<&str, u32> = FxMap::default();
        let mut distinct: Vec<(&str, bool)> = Vec::new();
        let mut new: Vec<(u32, u64, [u64; 3])> = Vec::new();
        let mut occurrences: Vec<(usize, u32)> = Vec::new();
        // tokens go through in batches: each batch's slots are asked for from memory
        // (prefetched) before the first is probed, so that the misses of a large cache
        // overlap instead of following one another
        const BATCH: usize = 16;
        let mut tokens = Tokens::new(text);
        let mut batch = [(0usize, 0usize, 0u64, [0u64; 3]); BATCH];
        loop {
            let mut size = 0;
            while size < BATCH {
                let Some((start, end)) = tokens.next() else {
                    break;
                };
                let (hash, words) = image(&text.as_bytes()[start..end]);
                let hash = cache_hash(hash);
                cache.prefetch(hash);
                batch[size] = (start, end, hash, words);
                size += 1;
            }
            for &(start, end, hash, words) in &batch[..size] {
                let token = &text[start..end];
                let kind = cache.find(token.as_bytes(), hash, &words).1;
                if kind == PLAIN {
                    continue;
                }
                let number = *numbers.entry(token).or_insert_with(|| {
                    if kind != CANDIDATE {
                        new.push((distinct.len() as u32, hash, words));
                    }
                    distinct.push((token, kind == CANDIDATE));
                    distinct.len() as u32 - 1
                });
                occurrences.push((start, number));
            }
            if size < BATCH {
                break;
            }
        }
        if distinct.is_empty() {
            return Ok(Some(Vec::new()));
        }
        if !new.is_empty() {
            let words = &self.words.get().words;
            let planned = |token: &str| match &self.planner {
                Some(planner) => planner.get().planned(token),
                None => Ok(None),
            };
            for &(number, _, _) in &new {
                let token = distinct[number as usize].0;
                let keep = match screened_plain(token, words) {
                    Some(_) => false,
                    None => match planned(token)? {
                        Some(decided) => decided,
                        None => worth.call1((PyString::new(py, token),))?.is_truthy()?,
                    },
                };
                distinct[number as usize].1 = keep;
            }
            for kind in [PLAIN, CANDIDATE] {
                if cache.counts[kind as usize - 1] >= max_cached {
                    cache.clear(kind);
                }
                for &(number, hash, words) in &new {
                    let (token, keep) = distinct[number as usize];
                    if keep == (kind == CANDIDATE) {
                        cache.insert(token, hash, words, kind);
                    }
                }
            }
        }
        drop(caches);
        let mut offsets: Vec<Vec<usize>> = vec![Vec::new(); distinct.len()];
        let ascii = text.is_ascii();
        let (mut byte, mut chars) = (0usize, 0usize);
        for &(start, number) in &occurrences {
            if !distinct[number as usize].1 {
                continue;
            }
            if !ascii {
                chars += text.as_bytes()[byte..start]
                    .iter()
                    .filter(|&&b| (b as i8) >= -0x40)
                    .count();
                byte = start;
            }
            offsets[number as usize].push(if ascii { start } else { chars });
        }
        distinct
            .iter()
            .zip(offsets)
            .filter(|((_, keep), _)| *keep)
            .map(|((token, _), found)| Ok((PyString::new(py, token), PyList::new(py, found)?)))
            .collect::<PyResult<Located<'py>>>()
            .map(Some)
    }

    /// How many tokens each cache holds: (plain, candidates).
    fn sizes(&self) -> (usize, usize) {
        let caches = self
            .caches
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        (caches.counts[0], caches.counts[1])
    }
}

/// Whether the cheap screens alone prove a token plain (for the differential tests).
#[pyfunction]
fn screened(token: &str, words: &Bound<'_, WordSet>) -> bool {
    screened_plain(token, &words.get().words).unwrap_or(false)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<SplitModel>()?;
    m.add_class::<WordSet>()?;
    m.add_class::<TokenScreen>()?;
    m.add_function(wrap_pyfunction!(screened, m)?)?;
    Ok(())
}
